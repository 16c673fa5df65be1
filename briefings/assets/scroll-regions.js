/* Tables first: each cell of a table gets its column's heading as data-label, and the table
   data-bf-stack, so that on a phone the stylesheet (briefing.css) shows every row as a card of
   labelled lines instead of columns that run off the screen. Without this script a table
   keeps its columns and scrolls inside its box, as below.

   Tables and code blocks too wide for the screen scroll sideways inside their box. A keyboard
   user can only scroll a box that takes focus, and a screen reader user needs to know what it
   holds (WCAG 2.1.1 and 4.1.2; axe: scrollable-region-focusable). So while a box scrolls it
   becomes a focusable, labelled region; when it fits again it is plain content. Runs on every
   page Material shows (document$), after Material has wrapped the tables. */
(function () {
  "use strict";

  function nearestHeading(el) {
    // a block of the page: a child of the theme's content, or of the part marked for search inside it
    for (let node = el.closest("[data-pagefind-body] > *, .md-typeset > *") || el; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) return node.textContent.replace(/[¶#]\s*$/, "").trim();
    }
    return "";
  }

  function labelFor(box) {
    const heading = nearestHeading(box);
    const kind = box.matches("code") ? "code" : "table";
    return heading ? heading + " (" + kind + ", scrolls sideways)" : kind + " (scrolls sideways)";
  }

  function update(box) {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls) {
      box.setAttribute("tabindex", "0");
      if (!box.matches("code")) {  // a code element cannot carry role or name; its block is named by its heading
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", labelFor(box));
      }
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }

  const observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { update(entry.target); });
  });

  function labelCells(table) {
    const headings = Array.from(table.querySelectorAll("thead th")).map(function (th) {
      return th.textContent.replace(/\s+/g, " ").trim();
    });
    if (!headings.length || table.hasAttribute("data-bf-stack")) return;
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      Array.from(tr.children).forEach(function (cell, n) {
        if (headings[n]) cell.setAttribute("data-label", headings[n]);
      });
    });
    table.setAttribute("data-bf-stack", "");
  }

  function watch() {
    document.querySelectorAll(".md-typeset table:not([class])").forEach(labelCells);
    document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset pre > code").forEach(function (box) {
      update(box);
      observer.observe(box);
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { requestAnimationFrame(watch); });
  } else {
    document.addEventListener("DOMContentLoaded", watch);
  }
})();
