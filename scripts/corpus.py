#!/usr/bin/env python3
"""Synthetic briefing projects that look like real use, for benchmarks and load tests.

    python scripts/corpus.py DEST [--articles 100] [--points 50] [--seed 1] [--dense]

or, from Python (this file needs only the standard library):

    from corpus import make_project
    make_project(Path("/tmp/p"), articles=1000, points=200, seed=1)

DEST becomes a complete project: mkdocs.yml, overrides/, briefings/about.md and
briefings/assets/ copied from this repository (where it has them), a register of P points
in briefings/register.yml and N articles in seeds/.

What makes it look like the real thing:

- articles of 5-14 paragraphs of 40-90 words, dated over one year, from a dozen outlets;
  about one in five is Markdown with front matter (title, outlet, author, url), the rest
  seed text (some hard-wrapped at 78 columns), with section headings (one line, no final
  punctuation), curly quotes, en and em dashes everywhere, and now and then an ellipsis, a
  no-break space ("600 000") or a name in Cyrillic: about one paragraph in nine holds a
  character that stays outside ASCII once quotes and dashes are made plain (the one real
  seed article has none), which matters because such text takes the linker's slower path;
- the register's points are a few real issues of the 2025 peace talks plus generated ones
  (an issue such as water supply or demining, in one of forty towns), each with aliases
  (several words long), keywords (town names and their other spellings, quoted numbers
  such as "600,000"), context words and sometimes exclude phrases; positions of 3-4
  parties; 1-4 history entries whose quotes are copied from the articles, so they verify;
- each article is about 1-3 points: its paragraphs about a point carry an alias, or a
  keyword next to a context word, so linking finds them and the review queue fills;
  about a third of the articles also carry a stray keyword of another point on its own
  ("600,000 refugees", a town in a weather report), which must not count.

With --dense (`make_project(..., dense=True)`), a worst case for the review queue: every
paragraph but the headings also names a keyword of every point ("Still on the list of open
items: Donbas, army, NATO, ..."), so each paragraph holds all P points' keywords.

The same seed gives the same bytes. Article i depends only on (seed, points, i), so a
project of 1,000 articles holds the 100 of the 100-article project; the register's
history depends on the articles present.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import textwrap
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBSP = "\u00a0"
MAX_ARTICLE_BYTES = 2 * 1024 * 1024  # the readers' limit for one article file
YEAR_START = date(2025, 1, 1)
# the corpus's last day (articles are dated YEAR_START + 0..364 days): an article of that day
# is the newest, in the newest month, as a new article is in real use
NEWEST_DAY = YEAR_START + timedelta(days=364)
MIN_WORDS, MAX_WORDS = 40, 90
MIN_PARAGRAPHS, MAX_PARAGRAPHS = 5, 14
MARKDOWN_SHARE = 0.2
WRAPPED_SHARE = 0.3
STRAY_SHARE = 0.35
DENSE_OPENING = "Still on the list of open items: "  # the sentence of --dense, before the keywords
REGISTER_TITLES_MAX = 200  # register `articles:` entries; bounded so the register stays far below its 1 MiB limit

PARTIES = [("ukraine", "Ukraine"), ("united-states", "United States"), ("russia", "Russia"),
           ("european-union", "European Union")]

OUTLETS = [
    ("Reuters", "reuters", "www.reuters.com"), ("Associated Press", "ap", "apnews.com"),
    ("The Kyiv Independent", "kyivindependent", "kyivindependent.com"),
    ("Ukrainska Pravda", "pravda", "www.pravda.com.ua"), ("Financial Times", "ft", "www.ft.com"),
    ("The Guardian", "guardian", "www.theguardian.com"), ("Politico Europe", "politico", "www.politico.eu"),
    ("Meduza", "meduza", "meduza.io"), ("Interfax-Ukraine", "interfax", "interfax.com.ua"),
    ("Deutsche Welle", "dw", "www.dw.com"), ("BBC News", "bbc", "www.bbc.com"), ("Axios", "axios", "www.axios.com"),
]
AUTHORS = ["Olena Harmash", "Tom Balmforth", "Illia Novikov", "Max Seddon", "Christopher Miller",
           "Luke Harding", "Laura Gozzi", "Yuliia Dysa", "Daria Tarasova-Markina", "Kateryna Denisova",
           "Barak Ravid", "Anna Myroniuk", "Jake Cordell", "Guy Faulconbridge"]
PEOPLE = ["Rustem Umerov", "Steve Witkoff", "Marco Rubio", "Jared Kushner", "Andriy Yermak", "Sergei Lavrov",
          "Dmitry Peskov", "Yuri Ushakov", "Kaja Kallas", "Alexander Stubb", "Emmanuel Macron",
          "Keir Starmer", "Friedrich Merz", "Volodymyr Zelensky"]
# English-language outlets print a name in Cyrillic now and then, not often: text outside
# ASCII (Cyrillic, an ellipsis, a no-break space) takes the linker's slower path, so its
# share should be modest, as in real reports (see the module docstring).
CYRILLIC_PEOPLE = ["Дмитрий Песков", "Сергей Лавров", "Рустем Умєров", "Андрій Сибіга"]
CYRILLIC_SHARE = 0.04
VENUES = ["Geneva", "Abu Dhabi", "Istanbul", "Riyadh", "Miami", "Berlin", "Paris", "Jeddah", "Helsinki"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# no October: it is a context word of the plan-origin point, and filler must name no term
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "November", "December"]

# Sentences about nothing in the register: the wire-report tissue around the facts.
# None of them contains a term of any point (tests/test_benchmark.py checks it).
FILLER = [
    "Delegations met again in {venue} on {day}, officials said, in a session that lasted late into the evening.",
    "The talks were described as “constructive but difficult” by a diplomat who asked not to be named.",
    "{person} told reporters that “nothing is agreed until everything is agreed” and declined to give details.",
    "Officials in Kyiv cautioned against reading too much into the latest round — “we have been here before.”",
    "A spokesperson for the foreign ministry said the next meeting had not yet been scheduled.",
    "The mood among delegates was cautious, with several saying the hardest questions were still ahead.",
    "Analysts said the sequencing of any deal would matter as much as its content.",
    "“We are closer than we were a month ago… but not close enough,” a senior official said.",
    "{person} is expected to brief European counterparts by video link later in the week.",
    "Diplomats said the draft had been shortened and several clauses rewritten since the previous round.",
    "Army Secretary Dan Driscoll, who joined the delegation in {month}, left before the final session.",
    "The White House did not respond to a request for comment on {day}.",
    "Markets barely moved on the news, and the hryvnia was steady against the dollar.",
    "Polls published in {month} suggest most Ukrainians remain sceptical of a quick settlement.",
    "A Western official described the trading of proposals as “a tennis match in slow motion.”",
    "Both sides accused each other of leaking selectively to the press.",
    "The meeting ended without a joint statement — a sign, one participant said, of how much remains open.",
    "{person} said that the talks would continue “at the level of experts” over the coming days.",
    "European capitals were consulted only after the first draft had circulated, two officials said.",
    "The delegation flew back from {venue} overnight and reported to the president on {day} morning.",
    "Several points were said to be “essentially settled”, while others had not been discussed at all.",
    "Officials stressed that any text would need the approval of leaders before it could be signed.",
    "A second round is planned for later in {month}, according to a schedule seen by reporters.",
    "The foreign ministry in Kyiv published a short readout that added little to what was known.",
    "Commentators on state television were unusually restrained in their coverage of the meeting.",
    "Journalists waited outside the venue for most of the day; no one came out to speak to them.",
    "{person} posted a brief message online saying the discussions had been “useful”.",
    "Talks in {venue} took place behind closed doors, with phones left outside the room.",
    "One diplomat compared the process to “assembling furniture without the instructions.”",
    "Translators worked through the night on the latest version of the text.",
    "The next steps, officials said, depend on consultations in Washington and in European capitals.",
    "Earlier rounds had stalled over wording; this time the delegations brought their own lawyers.",
    "A person familiar with the discussions said the tone had improved but the substance had not.",
    "{person}, asked whether a meeting of leaders was near, said only: “Let’s not get ahead of ourselves.”",
    "Reporters were given a two-page summary; the full text has not been published.",
    "Interpreters and note-takers were the only other people in the room, according to one account.",
    "The president’s office said it would comment once consultations with partners were complete.",
    "Residents interviewed in the capital were divided — some hopeful, many simply tired.",
    "Sources described a “long and detailed” discussion of practical questions on {day}.",
    "Officials declined to say how many of the original points remained under discussion.",
    "“The devil is in the details,” {person} said, “and we are now in the details.”",
    "Neither side published its own version of the text, and each blamed the other for the delay.",
    "Those following the process noted that the language used in public had softened in recent weeks.",
    "{person} spoke by phone with European leaders after the session, an aide said.",
    "The latest version of the text runs to 26\u00a0pages, up from 19\u00a0pages in the first draft.",
]
# Sentences put together from parts, so that articles do not repeat a small stock of
# sentences: real reports vary their wording, and a search index or its gzip size
# measured on a few dozen repeated sentences would be far too small.
OPENERS = ["", "", "On {day}, ", "Late on {day}, ", "Earlier this month, ", "In {venue}, ", "Behind closed doors, ",
           "According to two people present, ", "After a long session, ", "Speaking in {venue}, ", "By {day} evening, "]
SPEAKERS = ["a senior official", "one European diplomat", "{person}", "the delegation’s spokesperson",
            "an adviser to the president", "a person briefed on the meeting", "analysts in Warsaw",
            "an official in Berlin", "a diplomat from a Nordic country", "a member of parliament in Kyiv",
            "a former ambassador", "a lawyer advising the delegation", "a researcher at a Vienna think tank",
            "the deputy foreign minister", "an aide to {person}"]
VERBS = ["said", "told reporters", "insisted", "suggested", "noted", "warned", "conceded", "argued",
         "acknowledged", "wrote in a statement", "told a briefing"]
CONTENTS = ["that the pace of the talks had slowed", "that the next round would focus on practical questions",
            "that “no one should expect miracles”", "that the wording was still being polished",
            "that patience in Washington was wearing thin", "that the sides had traded written comments",
            "that several delegations wanted more time", "that the schedule could slip into {month}",
            "that a meeting of leaders was “possible but not planned”", "that the text had grown longer, not shorter",
            "that the tone in the room had been businesslike", "that lawyers had gone through the text line by line",
            "that consultations with partners would continue", "that public statements should be read with caution",
            "that the process could take “weeks, not days”", "that both teams had brought new proposals",
            "that the translation of key terms was itself a subject of dispute",
            "that the atmosphere was “frank, sometimes tense”", "that nobody wanted to be blamed for a collapse",
            "that the draft still contained square brackets in many places", "that the deadlines were political, not legal",
            "that public opinion at home narrowed what could be offered", "that the mediators had changed their approach",
            "that expectations had been managed downwards deliberately", "that a written reply was due by {day}"]
ENDINGS = ["."] * 45 + [", speaking on condition of anonymity.", " — a view others did not share.",
                        ", without giving details.", ", adding that more meetings would follow.", "…"]
# Headings that name no point: the sections any long report has.
GENERAL_HEADINGS = ["What comes next", "Reaction in Kyiv", "Background", "Other issues", "The view from Washington",
                    "Mood among delegates", "Timeline", "What we know so far"]


@dataclass(frozen=True)
class Topic:
    """What a point is about: its register terms, and sentences an article would say about it.

    Every sentence in `sentences` names the point by an alias, or by a keyword next to a
    context word; every sentence in `stray` has one keyword and nothing else of the point.
    """

    slug: str
    title: str
    short: str
    summary: str
    aliases: tuple[str, ...]
    keywords: tuple[str, ...]
    context: tuple[str, ...]
    sentences: tuple[str, ...]
    stray: tuple[str, ...]
    headings: tuple[str, ...]
    exclude: tuple[str, ...] = ()


# Real issues of the 2025 talks, written out by hand.
ISSUES = [
    Topic(
        "donbas-territory", "Ceding the unoccupied parts of Donbas", "the territorial question in Donbas",
        "Russia wants Ukraine to give up the parts of the Donbas region it does not control, including the belt of fortified cities.",
        ("fortified cities", "fortress belt", "territorial concessions"),
        ("Donbas", "Donbass", "Donetsk", "Luhansk", "Kramatorsk", "Sloviansk", "territory"),
        ("cede", "concession", "give up", "withdraw", "withdrawal", "annex", "recognise", "hand over"),
        ("Moscow still insists that Kyiv withdraw its forces from the parts of Donetsk it holds.",
         "Ukrainian officials say the fortress belt around Kramatorsk and Sloviansk cannot simply be handed over.",
         "The demand that Ukraine cede territory in Donbas remains the single largest obstacle, officials said.",
         "Territorial concessions were discussed “in principle only”, according to a source in the delegation.",
         "Any withdrawal from the fortified cities would need a referendum, the president’s office said."),
        ("Snow fell across Donetsk on {day}, and the roads were icy by evening.",
         "A photo exhibition about life in Luhansk before the war opened in Lviv."),
        ("Territory in Donbas", "The fortress belt"),
        ("uncharted territory", "territorial waters"),
    ),
    Topic(
        "army-cap", "Cap on the size of Ukraine's army", "the cap on Ukraine’s army",
        "The draft caps Ukraine's armed forces at 600,000; Kyiv wants a higher number or none at all.",
        (), ("army", "armed forces", "troops", "soldier", "600,000", "800,000"),
        ("cap", "ceiling", "limit", "size", "reduce", "peacetime"),
        ("The draft would cap Ukraine’s army at {n600} in peacetime, down from about 880,000 today.",
         "Kyiv has asked for a ceiling of {n800} troops, a figure the American side is said to accept.",
         "Reducing the size of the armed forces while the war goes on is “out of the question”, a general said.",
         "The limit on soldiers would be reviewed after five years, under one version of the text."),
        ("Nearly {n600} refugees have registered in Poland since the start of the year.",
         "An army of volunteers cleared the streets after the storm."),
        ("Size of the army", "A ceiling on troops"),
        ("Salvation Army", "Army Secretary", "price cap"),
    ),
    Topic(
        "nato-membership", "Ukraine renouncing NATO membership", "Ukraine’s path to NATO",
        "The plan asks Ukraine to give up its ambition to join NATO; Kyiv calls that unacceptable.",
        ("NATO membership", "join NATO"), ("NATO", "alliance"),
        ("accession", "open door", "neutrality", "renounce", "veto", "ambition"),
        ("The draft asks Ukraine to renounce its ambition to join NATO and to write neutrality into law.",
         "Kyiv says that ruling out NATO membership would hand Moscow a veto over the alliance’s open door.",
         "Officials said accession to NATO was “not on the table for now” but should not be closed forever.",
         "The alliance has not changed its position on Ukraine’s accession, a spokesperson said."),
        ("The meeting took place at NATO headquarters because the room was free that afternoon.",
         "Alliance officials hosted a reception for the visiting delegation."),
        ("NATO membership", "The open door"),
        ("NATO members", "member states"),
    ),
    Topic(
        "plan-origin", "The plan's origin in a Russian document", "where the plan came from",
        "Several sources say the plan was based on a Russian document sent to US officials in October.",
        ("Russian document", "non-paper"), ("document", "wish list", "drafted", "author"),
        ("Russian", "Moscow", "Kremlin", "October"),
        ("Three sources said the plan was based on a Russian document sent to Washington in October.",
         "The non-paper, as diplomats call it, set out Moscow’s conditions in a dozen short points.",
         "Who drafted the text remains disputed; the Kremlin denies any role in writing it.",
         "European officials described the first version as a Russian wish list with American letterhead."),
        ("The hotel asked every guest to sign a document on arrival.",),
        ("Who wrote the plan", "The Russian document"),
    ),
    Topic(
        "zaporizhzhia-npp", "Control of the Zaporizhzhia nuclear power plant", "the Zaporizhzhia plant",
        "Who runs Europe's largest nuclear plant after a settlement, and who gets its electricity.",
        ("Zaporizhzhia nuclear power plant", "Zaporizhzhia plant", "ZNPP"), ("reactor", "nuclear plant", "Enerhodar", "IAEA"),
        ("control", "operate", "joint operation", "restart", "electricity", "cooling water"),
        ("The American proposal would have the Zaporizhzhia plant operated jointly, with its electricity split.",
         "IAEA inspectors said the reactors could not be restarted safely without a reliable source of cooling water.",
         "Control of the nuclear plant at Enerhodar is one of the issues “parked for leaders”, an official said.",
         "Ukraine rejects any joint operation of the ZNPP with Russia’s state nuclear company."),
        ("The IAEA published its annual report on {day}.",),
        ("The nuclear plant", "Zaporizhzhia"),
    ),
    Topic(
        "frozen-assets", "Use of frozen Russian assets", "the frozen Russian assets",
        "About 300 billion of Russian central bank reserves are frozen in the West; the plan would put part of them into reconstruction funds.",
        ("frozen Russian assets", "frozen assets", "immobilised assets"), ("Euroclear", "central bank reserves", "300 billion"),
        ("seize", "confiscate", "reparations loan", "unfreeze", "release"),
        ("The plan would release about $300 billion of frozen assets into a joint investment vehicle.",
         "Belgium, where Euroclear holds most of the money, fears legal claims if the assets are seized.",
         "European leaders again discussed a reparations loan backed by the immobilised assets.",
         "Moscow says any attempt to confiscate its central bank reserves would be “theft”."),
        ("Euroclear reported quarterly earnings slightly above expectations.",),
        ("The frozen assets",),
    ),
    Topic(
        "security-guarantees", "Security guarantees for Ukraine", "security guarantees for Ukraine",
        "What would deter a new attack: an Article 5-like promise, European forces on the ground, or both.",
        ("security guarantees", "coalition of the willing"), ("guarantee", "guarantor", "backstop"),
        ("binding", "ratify", "Senate", "collective defence", "deterrence"),
        ("Kyiv wants security guarantees ratified by the Senate, not a political declaration.",
         "The coalition of the willing met by video link to discuss a European reassurance force.",
         "An American backstop would be “binding but limited”, according to one description of the text.",
         "Ukraine wants each guarantor to commit to collective defence if Russia attacks again."),
        ("The hotel would guarantee nothing beyond breakfast, one delegate joked.",),
        ("Security guarantees",),
    ),
    Topic(
        "sanctions-relief", "Lifting sanctions on Russia", "sanctions relief for Russia",
        "The plan foresees lifting sanctions in stages; Europe wants them kept until a full settlement.",
        ("sanctions relief", "lifting sanctions"), ("sanctions", "embargo"),
        ("lift", "ease", "waiver", "snap back", "phase out"),
        ("The draft would lift sanctions in stages, with a clause to snap back if Russia breaks the terms.",
         "European officials oppose sanctions relief before a ceasefire holds for several months.",
         "Washington is said to be ready to ease some sanctions on Russian banks in a first phase.",
         "An oil embargo waiver for two refineries was discussed, according to a person briefed on the talks."),
        ("New sanctions on tanker operators were announced in London on {day}.",),
        ("Sanctions",),
    ),
    Topic(
        "elections", "Elections in Ukraine", "elections in Ukraine",
        "The plan calls for elections within 100 days of a deal; Kyiv says none can be held under martial law.",
        ("elections in Ukraine", "presidential election"), ("election", "ballot", "vote"),
        ("martial law", "postpone", "legitimacy", "within 100 days", "polling station"),
        ("The plan calls for a presidential election within 100 days of signing.",
         "Kyiv says no vote can take place while martial law is in force and millions live abroad.",
         "Moscow keeps questioning the legitimacy of the government, officials said, to delay any election.",
         "The electoral commission said it would need six months to prepare polling stations for a ballot."),
        ("Students will vote on a new name for the university library next week.",),
        ("Elections",),
    ),
    Topic(
        "prisoner-exchange", "All-for-all prisoner exchange", "the prisoner exchange",
        "An exchange of all prisoners of war and the release of civilian detainees on both sides.",
        ("all-for-all exchange", "prisoner exchange", "prisoner swap"), ("prisoners", "detainee", "1,000"),
        ("exchange", "swap", "release", "Red Cross", "repatriate"),
        ("The sides agreed in principle to an all-for-all exchange, officials said.",
         "The latest prisoner swap returned {n1000} prisoners to each side, the largest so far.",
         "The Red Cross said it had not been given access to civilian detainees held in Russia.",
         "Families of prisoners gathered in Kyiv to demand that the release include civilians."),
        ("{n1000} runners took part in the charity race on {day}.",),
        ("Prisoners",),
    ),
    Topic(
        "children-return", "Return of deported children", "the return of deported children",
        "Ukraine says about 20,000 children were taken to Russia; it wants all of them returned.",
        ("deported children", "return of children"), ("children", "minors", "20,000"),
        ("deport", "reunite", "family reunification", "Qatar", "Vatican"),
        ("Kyiv says about {n20000} children were deported to Russia and wants every one of them back.",
         "Qatar has helped reunite several deported children with their families, and the Vatican offered to mediate.",
         "The return of children must be “unconditional”, the Ukrainian ombudsman said.",
         "Officials said a list of deported minors had been handed over for family reunification."),
        ("Schools reported that {n20000} children had enrolled in summer camps.",),
        ("Deported children",),
    ),
    Topic(
        "black-sea", "Safe navigation in the Black Sea", "safe navigation in the Black Sea",
        "Free passage for merchant ships and an end to strikes on ports on both sides.",
        ("Black Sea navigation", "grain corridor"), ("Black Sea", "Odesa", "Odessa", "grain", "shipping"),
        ("navigation", "blockade", "escort", "insurance", "naval drone"),
        ("Ukraine wants guarantees for Black Sea navigation before any ceasefire at sea.",
         "Insurers said premiums for shipping to Odesa would fall only if naval drone attacks stopped.",
         "The grain corridor has worked without a formal escort since 2023, officials noted.",
         "Moscow wants the blockade of its own Black Sea ports lifted as part of any maritime deal."),
        ("The Odesa opera house sold out its season in two days.",),
        ("The Black Sea",),
    ),
    Topic(
        "energy-moratorium", "Moratorium on strikes on energy infrastructure", "the energy moratorium",
        "A mutual halt to strikes on power plants, refineries and the grid.",
        ("energy ceasefire", "moratorium on strikes"), ("energy infrastructure", "refinery", "power plants"),
        ("moratorium", "halt", "pause", "strike"),
        ("Both sides accused each other of breaking the energy ceasefire within hours.",
         "Kyiv proposed a moratorium on strikes on energy infrastructure during the winter months.",
         "Ukraine would halt drone strikes on refineries if Russia stopped hitting power plants, an official said.",
         "A pause in attacks on energy infrastructure was the first item on the list, officials said."),
        ("Old power plants in the west of the country are being turned into museums.",),
        ("Energy",),
    ),
    Topic(
        "minerals-deal", "The minerals and reconstruction fund", "the minerals deal",
        "A joint US-Ukrainian fund fed by revenue from rare earths, lithium and other minerals.",
        ("minerals deal", "reconstruction investment fund"), ("minerals", "rare earths", "lithium", "titanium"),
        ("revenue", "invest", "stake", "licence"),
        ("The minerals deal gives an American fund a share of future revenue from new licences.",
         "Investors said lithium deposits near the front line would bring no revenue for years.",
         "Washington wants a stake in rare earths projects as part of the reconstruction investment fund.",
         "Titanium producers asked for guarantees before they invest again, officials said."),
        ("A conference on critical minerals was held in Toronto on {day}.",),
        ("The minerals deal",),
    ),
    Topic(
        "eu-membership", "Ukraine joining the European Union", "Ukraine’s EU membership",
        "The plan says Ukraine is eligible for EU membership; Hungary still blocks the opening of negotiating clusters.",
        ("EU membership", "EU accession"), ("European Union", "Brussels", "EU"),
        ("candidate", "negotiating cluster", "Hungary", "enlargement"),
        ("Hungary is still blocking the first negotiating cluster of Ukraine’s EU accession.",
         "The draft says Ukraine is eligible for EU membership, but sets no date.",
         "Officials in Brussels said enlargement could not be part of a deal with Moscow.",
         "The European Union wants a say in any clause that affects a candidate country."),
        ("Brussels was hit by a strike of public transport workers on {day}.",),
        ("The European Union",),
    ),
    Topic(
        "amnesty", "Amnesty for acts committed in the war", "the amnesty clause",
        "The draft grants a full amnesty to all parties; Ukraine and Europe want accountability for war crimes.",
        ("full amnesty", "general amnesty"), ("amnesty", "war crimes", "tribunal"),
        ("grant", "prosecute", "impunity", "accountability", "waive"),
        ("The draft would grant a full amnesty for all acts committed during the war.",
         "European officials say an amnesty cannot cover war crimes and that accountability must come first.",
         "Kyiv fears that a general amnesty would mean impunity for crimes against civilians.",
         "Human rights groups urged negotiators not to waive accountability for war crimes."),
        ("A film about the Nuremberg tribunal opened in cinemas on {day}.",),
        ("Amnesty and accountability",),
    ),
]


@dataclass(frozen=True)
class Issue:
    """A kind of local issue; a point is one of them in one town."""

    slug: str
    title: str
    short: str
    summary: str
    aliases: tuple[str, ...]
    context: tuple[str, ...]
    sentences: tuple[str, ...]
    headings: tuple[str, ...]
    counted: bool = False  # the point gets a number keyword (people counted), e.g. "34,000"


LOCAL_ISSUES = [
    Issue("water", "Water supply to {p}", "water supply to {p}",
          "Restoring drinking water to {p}, whose pumping stations were damaged.",
          ("{p} water supply", "water supply to {p}"), ("reservoir", "pumping station", "water main", "drinking water"),
          ("Engineers said the pumping station serving {p} could be repaired within weeks if the area stayed quiet.",
           "Residents of {p} have relied on trucked drinking water since the reservoir was drained.",
           "The water supply to {p} was on the list of humanitarian items the delegations discussed.",
           "A burst water main left half of {p} without running water on {day}."),
          ("Water for {p}", "{p} water supply")),
    Issue("power", "Restoring power to {p}", "power supply to {p}",
          "Rebuilding the grid around {p}; substations were hit repeatedly.",
          ("{p} power grid", "power supply to {p}"), ("substation", "transformer", "blackout", "grid operator"),
          ("The grid operator said repairs to the main substation near {p} would take at least a month.",
           "Rolling blackouts in {p} lasted up to sixteen hours a day in the coldest weeks.",
           "Negotiators discussed whether the power supply to {p} could be restored under international supervision.",
           "Transformers shipped from Europe were installed in {p} over the weekend."),
          ("Power in {p}", "The {p} power grid")),
    Issue("evacuation", "Civilian evacuation from {p}", "the evacuation of {p}",
          "Moving the remaining civilians out of {p}, and who guarantees the route.",
          ("evacuation of {p}", "{p} evacuation corridor"), ("evacuate", "evacuee", "humanitarian corridor", "convoy"),
          ("Local officials said {num} people had been evacuated from {p} since the summer.",
           "A convoy of buses left {p} at dawn carrying mostly elderly residents.",
           "Both sides were asked to respect a humanitarian corridor out of {p} for the remaining civilians.",
           "Evacuees from {p} described days spent in basements without heating."),
          ("Leaving {p}", "The {p} evacuation corridor"), counted=True),
    Issue("demining", "Demining around {p}", "demining around {p}",
          "Clearing mines from the farmland and roads around {p}.",
          ("demining of {p}", "{p} minefields"), ("landmine", "mine clearance", "sapper", "unexploded ordnance"),
          ("Sappers working near {p} said it would take a decade to clear the fields.",
           "Farmers around {p} have stopped ploughing after two tractors hit landmines.",
           "The demining of {p} was listed among the projects a donor fund would pay for.",
           "Unexploded ordnance still litters the roads into {p}, local officials said."),
          ("Mines around {p}",)),
    Issue("rail", "Rail link to {p}", "the rail link to {p}",
          "Reopening the railway line to {p} for passengers and freight.",
          ("{p} rail link", "railway to {p}"), ("railway", "rail line", "freight train", "Ukrzaliznytsia"),
          ("Ukrzaliznytsia said the rail line to {p} could reopen within a month of a ceasefire.",
           "The first freight train in a year reached {p} on {day}, carrying building materials.",
           "Reopening the {p} rail link is one of the practical steps both sides could agree on quickly, officials said.",
           "The railway to {p} was cut in three places by the fighting last winter."),
          ("Trains to {p}",)),
    Issue("bridge", "River crossing at {p}", "the crossing at {p}",
          "Who may use, guard and rebuild the river crossing at {p}.",
          ("{p} bridge", "bridge at {p}"), ("pontoon", "crossing point", "girder", "load limit"),
          ("Engineers said the {p} bridge could carry light traffic once its damaged girders were replaced.",
           "A pontoon crossing near {p} is the only way across the river for lorries.",
           "The bridge at {p} was proposed as a crossing point for humanitarian deliveries.",
           "A strict load limit on the crossing at {p} has slowed deliveries, drivers said."),
          ("The {p} bridge",)),
    Issue("frontline", "Front line near {p}", "the front line near {p}",
          "Where the line of contact near {p} would be frozen, and who withdraws from it.",
          ("front line near {p}", "{p} front"), ("shelling", "artillery", "drone strike", "trench", "assault"),
          ("Heavy shelling was reported on the outskirts of {p} overnight.",
           "Commanders on the {p} front say artillery ammunition is still rationed.",
           "The front line near {p} moved only a few hundred metres in a month of assaults.",
           "A drone strike hit a bus station in {p}, regional officials said."),
          ("The {p} front", "Fighting near {p}")),
    Issue("rebuilding", "Rebuilding {p}", "the rebuilding of {p}",
          "Paying for housing and roads in {p}, and who decides what is built first.",
          ("rebuilding {p}", "reconstruction of {p}"), ("donor conference", "housing", "reconstruction fund", "rebuild"),
          ("A donor conference pledged money for rebuilding {p}, starting with schools and housing.",
           "The reconstruction of {p} is expected to cost several billion euros, the World Bank said.",
           "Architects presented plans to rebuild the centre of {p} around its old market square.",
           "Money from a reconstruction fund would go first to housing in {p}, officials said."),
          ("Rebuilding {p}",)),
    Issue("monitors", "Ceasefire monitors around {p}", "monitoring around {p}",
          "Who would watch a ceasefire around {p}, and with what access.",
          ("monitoring mission in {p}", "{p} monitors"), ("observer", "monitoring mission", "OSCE", "patrol"),
          ("European officials proposed a monitoring mission in {p} with access to both sides of the line.",
           "Observers would patrol the roads around {p} by day, under one version of the plan.",
           "The OSCE said it could send staff to {p} within weeks if both sides agreed.",
           "The {p} monitors would report to a joint commission, officials said."),
          ("Monitors in {p}",)),
    Issue("administration", "Who runs {p}", "the administration of {p}",
          "Which authority would administer {p} after a ceasefire.",
          ("administration of {p}", "{p} city council"), ("mayor", "governor", "military administration", "municipal"),
          ("The mayor of {p} said residents should decide who governs the city.",
           "The {p} city council met for the first time in months on {day}.",
           "The administration of {p} after a ceasefire was raised by the Russian side, officials said.",
           "The regional governor said the military administration in {p} would stay until elections."),
          ("Who governs {p}",)),
    Issue("hospitals", "Hospitals in {p}", "hospitals in {p}",
          "Medical care for the people who stayed in {p}.",
          ("{p} hospitals", "medical care in {p}"), ("hospital", "ambulance", "surgeon", "medical supplies"),
          ("The last surgeon at the main hospital in {p} left in the spring, doctors said.",
           "Ambulances in {p} now wait outside the city and meet patients at checkpoints.",
           "Medical care in {p} depends on supplies brought in by volunteers, the health ministry said.",
           "Aid groups delivered medical supplies to two {p} hospitals on {day}."),
          ("Hospitals in {p}",)),
    Issue("schools", "Schools in {p}", "schooling in {p}",
          "Reopening classrooms in {p}, and in which language children are taught.",
          ("{p} schools", "schooling in {p}"), ("school", "teacher", "pupil", "classroom"),
          ("Most {p} schools teach online; a few hold lessons in underground classrooms.",
           "Teachers in {p} said pupils had missed most of three school years.",
           "Schooling in {p} was raised in the talks as part of the humanitarian file.",
           "A new underground school opened in {p} on {day} for 400 pupils."),
          ("Schools in {p}",)),
]

# Towns for local issues, with the other spellings outlets use. None of them is a
# keyword of an issue above.
TOWNS = {
    "Mykolaiv": ("Nikolaev",), "Kharkiv": ("Kharkov",), "Sumy": (), "Chernihiv": ("Chernigov",), "Nikopol": (),
    "Melitopol": (), "Berdiansk": ("Berdyansk",), "Mariupol": (), "Nova Kakhovka": (), "Izmail": (),
    "Pokrovsk": (), "Kostiantynivka": ("Konstantinovka",), "Kupiansk": ("Kupyansk",), "Lyman": (),
    "Huliaipole": (), "Orikhiv": (), "Vuhledar": (), "Toretsk": (), "Chasiv Yar": (), "Siversk": (),
    "Myrnohrad": (), "Dobropillia": (), "Druzhkivka": (), "Kurakhove": (), "Vovchansk": (), "Bilopillia": (),
    "Ochakiv": (), "Kryvyi Rih": ("Krivoy Rog",), "Poltava": (), "Pavlohrad": (), "Izium": ("Izyum",),
    "Balakliia": (), "Selydove": (), "Avdiivka": (), "Bakhmut": ("Artemovsk",), "Soledar": (), "Okhtyrka": (),
    "Shostka": (), "Konotop": (), "Romny": (),
}
# A town named on its own, with nothing about any point: must not count as a mention.
TOWN_STRAYS = ["In {p}, cafés reopened and the streets were busy before the holidays.",
               "The {p} Philharmonic cancelled its {month} concert series.",
               "A football match in {p} drew a crowd of several thousand on {day}."]
COUNT_STRAYS = ["Tickets for the festival sold out; organisers said {num} people had bought them."]

STANCE_TEXTS = {
    "proposes": "Put {short} into the draft and wants it settled in the first phase.",
    "demands": "Makes {short} a condition of any agreement.",
    "supports": "Backs the current wording on {short}.",
    "accepts": "Can live with the draft’s wording on {short}, with reservations.",
    "open-to": "Says it is open to a compromise on {short}.",
    "undecided": "Has not said where it stands on {short}.",
    "resists": "Wants amendments on {short} before it agrees.",
    "rejects": "Rejects the draft’s wording on {short}.",
}
STATUS_NOTES = {
    "open": "Raised again; no agreement on {short}.",
    "narrowing": "Officials report progress on {short}; the gap is closing.",
    "agreed": "Both delegations say the wording on {short} is settled.",
    "deferred": "{Short} is parked until the leaders meet.",
    "dropped": "{Short} was taken out of the latest draft.",
}
NEXT_STATUS = {
    "open": ["open", "narrowing", "narrowing", "deferred"],
    "narrowing": ["narrowing", "agreed", "open", "deferred"],
    "agreed": ["agreed", "narrowing"],
    "deferred": ["deferred", "open", "dropped"],
    "dropped": ["dropped", "open"],
}
SOURCING = ["primary-document", "named-official", "several-sources", "anonymous-official", "media-report"]
HEADLINES = ["{Short}: talks in {venue} end without a breakthrough", "New draft shifts wording on {short}",
             "What we know about {short}", "Officials report movement on {short}",
             "{Short} back on the table", "Kyiv and Washington still apart on {short}"]


# --- the points -----------------------------------------------------------------------


@dataclass
class PointPlan:
    """One register point: its terms and the sentences articles say about it."""

    id: str
    title: str
    short: str
    summary: str
    aliases: list[str]
    keywords: list[str]
    context: list[str]
    exclude: list[str]
    sentences: list[str]
    stray: list[str]
    headings: list[str]
    values: dict[str, str] = field(default_factory=dict)  # fixed slot values, e.g. the town


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _number_forms(value: int) -> list[str]:
    """How outlets write a number: 34,000 (mostly), 34 000 with a no-break space, 34k, 34 thousand."""
    grouped = f"{value:,}"
    forms = [grouped, grouped, grouped, grouped.replace(",", NBSP)]
    if value % 1000 == 0:
        forms += [f"{value // 1000}k", f"{value // 1000} thousand"]
    return forms


def plan_points(count: int, seed: int) -> list[PointPlan]:
    """count points: the hand-written issues first, then local issues in distinct towns."""
    rng = random.Random(f"{seed}:points")
    plans: list[PointPlan] = []
    for topic in ISSUES[:count]:
        plans.append(PointPlan(topic.slug, topic.title, topic.short, topic.summary, list(topic.aliases),
                               list(topic.keywords), list(topic.context), list(topic.exclude), list(topic.sentences),
                               list(topic.stray), list(topic.headings)))
    towns = list(TOWNS)
    rng.shuffle(towns)
    pairs = [(issue, town) for round_ in range(len(LOCAL_ISSUES)) for k, town in enumerate(towns)
             for issue in [LOCAL_ISSUES[(k + round_) % len(LOCAL_ISSUES)]]]
    # round-robin: towns first get one issue each, then a second, ...; every pair is distinct
    counts = iter(rng.sample(range(11, 99), 88))
    for issue, town in pairs[: max(0, count - len(plans))]:
        variants = list(TOWNS[town])
        keywords = [town, *variants]
        values = {"p": town}
        stray = [s for s in TOWN_STRAYS if "Philharmonic" not in s]
        exclude: list[str] = []
        if rng.random() < 0.2:  # a town whose name is also an orchestra's
            exclude = [f"{town} Philharmonic"]
            stray = list(TOWN_STRAYS)
        if issue.counted:
            number = next(counts, None)
            if number is not None:
                keywords.append(f"{number},000")
                values["num_value"] = str(number * 1000)
                stray += COUNT_STRAYS
        fmt = lambda s: s.replace("{p}", town)  # noqa: E731 - keep other slots for later
        plans.append(PointPlan(
            f"{issue.slug}-{_slug(town)}", fmt(issue.title), fmt(issue.short), fmt(issue.summary),
            [fmt(a) for a in issue.aliases], keywords, list(issue.context), exclude,
            [fmt(s) for s in issue.sentences], [fmt(s) for s in stray], [fmt(h) for h in issue.headings], values))
    if len(plans) < count:
        raise ValueError(f"at most {len(plans)} points can be generated, not {count}")
    return plans


# --- the articles ---------------------------------------------------------------------


@dataclass
class Paragraph:
    text: str
    heading: bool = False
    point: str | None = None  # the point this paragraph is about
    facts: tuple[str, ...] = ()  # its sentences about that point (where quotes come from)


@dataclass
class ArticlePlan:
    index: int
    id: str
    file_name: str
    day: date
    outlet: tuple[str, str, str]
    author: str
    title: str
    markdown: bool
    wrapped: bool
    points: list[str]  # what it is about, main point first
    paragraphs: list[Paragraph]


def _fill(template: str, rng: random.Random, values: dict[str, str]) -> str:
    def number(value: int) -> str:
        return rng.choice(_number_forms(value))

    slots = {
        "venue": lambda: rng.choice(VENUES), "day": lambda: rng.choice(WEEKDAYS), "month": lambda: rng.choice(MONTHS),
        "person": lambda: rng.choice(CYRILLIC_PEOPLE if rng.random() < CYRILLIC_SHARE else PEOPLE),
        "n600": lambda: number(600_000), "n800": lambda: number(800_000),
        "n1000": lambda: number(1000), "n20000": lambda: number(20_000),
        "num": lambda: number(int(values.get("num_value", "12000"))),
        "p": lambda: values.get("p", ""),
    }
    return re.sub(r"\{(\w+)\}", lambda m: slots[m.group(1)]() if m.group(1) in slots else m.group(0), template)


def _words(text: str) -> int:
    return len(text.split())


def filler_sentence(rng: random.Random) -> str:
    """A sentence about nothing in the register: a stock one, or one put together from parts."""
    if rng.random() < 0.25:
        return _fill(rng.choice(FILLER), rng, {})
    text = rng.choice(OPENERS) + rng.choice(SPEAKERS) + " " + rng.choice(VERBS) + " " + rng.choice(CONTENTS) + rng.choice(ENDINGS)
    return _cap(_fill(text, rng, {}))


def _paragraph(rng: random.Random, first: list[str], values: dict[str, str], used: set[str]) -> tuple[str, list[str]]:
    """Sentences `first` (filled in) plus filler up to 40-90 words; the filled `first` come back too.

    `used` holds the article's sentences so far: an article does not say the same thing twice.
    """
    facts = [_fill(s, rng, values) for s in first]
    sentences = list(facts)
    target = rng.randint(MIN_WORDS, MAX_WORDS)
    tries = 0
    while sum(map(_words, sentences)) < target and tries < 40:
        tries += 1
        candidate = filler_sentence(rng)
        if sum(map(_words, sentences)) + _words(candidate) <= MAX_WORDS and candidate not in used:
            used.add(candidate)
            sentences.insert(rng.randint(0 if not facts else 1, len(sentences)), candidate)
    return " ".join(sentences), facts


def plan_article(index: int, points: list[PointPlan], seed: int) -> ArticlePlan:
    """Article `index`: deterministic in (seed, the points, index) alone."""
    rng = random.Random(f"{seed}:article:{index}")
    order = list(range(len(points)))
    random.Random(f"{seed}:order").shuffle(order)
    main = order[index % len(points)]
    others = [i for i in range(len(points)) if i != main]
    extra = rng.choices([0, 1, 2], weights=[50, 35, 15])[0]
    about = [main] + rng.sample(others, min(extra, len(others)))
    total = rng.randint(MIN_PARAGRAPHS, MAX_PARAGRAPHS)
    day = YEAR_START + timedelta(days=rng.randrange(365))
    outlet = rng.choice(OUTLETS)

    # which body paragraph is about which point; the lead is about the main point
    kinds: list[int | None] = [main]
    for k, point in enumerate(about):
        kinds += [point] * (rng.randint(0, 2) if k == 0 else rng.randint(1, 2))
    kinds = kinds[: total]
    body = kinds[1:] + [None] * (total - len(kinds))
    rng.shuffle(body)
    kinds = kinds[:1] + body
    stray_at = None
    fillers = [i for i, k in enumerate(kinds) if k is None]
    if fillers and rng.random() < STRAY_SHARE:
        stray_at = rng.choice(fillers)

    paragraphs: list[Paragraph] = []
    introduced: set[int] = set()
    used: set[str] = set()
    for position, kind in enumerate(kinds):
        if kind is not None:
            plan = points[kind]
            if position > 0 and kind not in introduced and kind != main and rng.random() < 0.4:
                paragraphs.append(Paragraph(_fill(rng.choice(plan.headings), rng, plan.values), heading=True, point=plan.id))
            introduced.add(kind)
            facts = rng.sample(plan.sentences, rng.choice([1, 1, 2]))
            text, filled = _paragraph(rng, facts, plan.values, used)
            paragraphs.append(Paragraph(text, point=plan.id, facts=tuple(filled)))
        else:
            if position > total // 2 and rng.random() < 0.15:
                paragraphs.append(Paragraph(rng.choice(GENERAL_HEADINGS), heading=True))
            first: list[str] = []
            values: dict[str, str] = {}
            if position == stray_at:
                stray_point = points[rng.choice([i for i in range(len(points)) if i not in about])]
                first, values = [rng.choice(stray_point.stray)], stray_point.values
            text, _ = _paragraph(rng, first, values, used)
            paragraphs.append(Paragraph(text))

    main_plan = points[main]
    title = _fill(rng.choice(HEADLINES), rng, main_plan.values).replace("{Short}", _cap(main_plan.short)).replace("{short}", main_plan.short)
    markdown = rng.random() < MARKDOWN_SHARE
    stem = f"{day.isoformat()}_{outlet[1]}_{index:05d}"
    return ArticlePlan(index, stem, stem + (".md" if markdown else ".txt"), day, outlet, rng.choice(AUTHORS), title,
                       markdown, not markdown and rng.random() < WRAPPED_SHARE, [points[i].id for i in about], paragraphs)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _wrap(text: str) -> str:
    # no breaks at hyphens: the reader joins lines with a space, which would split "all-for-all"
    return "\n".join(textwrap.wrap(text, 78, break_on_hyphens=False, break_long_words=False))


def article_text(article: ArticlePlan) -> str:
    """The file as an outlet's feed would give it: seed text, or Markdown with front matter."""
    if article.markdown:
        slug = _slug(article.title)[:60].strip("-")
        front = [
            "---",
            f"title: {json.dumps(article.title, ensure_ascii=False)}",
            f"date: {article.day.isoformat()}",
            f"outlet: {json.dumps(article.outlet[0], ensure_ascii=False)}",
            f"author: {json.dumps(article.author, ensure_ascii=False)}",
            f"url: https://{article.outlet[2]}/{article.day:%Y/%m/%d}/{slug}",
            "---",
            "",
        ]
        body = [("## " + p.text) if p.heading else p.text for p in article.paragraphs]
        return "\n".join(front) + "\n\n".join(body) + "\n"
    lead, *rest = article.paragraphs
    blocks = [f" date {article.day.isoformat()} {lead.text}"] + [p.text for p in rest]
    if article.wrapped:
        blocks = [_wrap(b) for b in blocks]
    return "\n\n".join(blocks) + "\n"


# --- the register ---------------------------------------------------------------------


def _scalar(text: str) -> str:
    """A YAML scalar for free text: plain where that reads back the same, else double-quoted."""
    plain = re.fullmatch(r"[A-Za-z][A-Za-z0-9 .'()-]*[A-Za-z0-9.)]", text) and text.lower() not in {"yes", "no", "true", "false", "null", "on", "off"}
    return text if plain else json.dumps(text, ensure_ascii=False)


def _item(text: str) -> str:
    """A YAML flow-list item: plain for a simple word, quoted otherwise (numbers such as "600,000" must be)."""
    return text if re.fullmatch(r"[A-Za-z][A-Za-z'-]*", text) and text.lower() not in {"yes", "no", "on", "off", "null", "true", "false"} else json.dumps(text, ensure_ascii=False)


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(_item(i) for i in items) + "]"


def _quote_from(fact: str, rng: random.Random) -> str:
    """A run of 6-14 whole words from a sentence, as an editor would copy it (sometimes with straight quotes)."""
    words = fact.split(" ")
    size = min(len(words), rng.randint(6, 14))
    start = rng.randint(0, len(words) - size)
    quote = " ".join(words[start:start + size]).strip(" ,;:“”\"‘’'—–")
    if rng.random() < 0.5:
        quote = quote.replace("“", '"').replace("”", '"').replace("’", "'").replace("…", "...")
    return quote


def register_text(points: list[PointPlan], articles: list[ArticlePlan], seed: int) -> str:
    """The register, line by line as editors write it: flow lists, quotes only where needed.

    Not yaml.safe_dump: that writes block lists and its own quoting, which is not what the
    register looks like in use; the tool's own loader checks the result (`briefing check`).
    """
    rng = random.Random(f"{seed}:register")
    about: dict[str, list[tuple[ArticlePlan, int, Paragraph]]] = {p.id: [] for p in points}
    for article in articles:
        for number, paragraph in enumerate(article.paragraphs, 1):
            if paragraph.point and paragraph.facts:
                about[paragraph.point].append((article, number, paragraph))
    ids = [p.id for p in points]
    out = [
        "# The register of disputed points (generated for benchmarks by scripts/corpus.py).",
        "# Numbers in [...] lists are quoted: in [army, 600,000] YAML reads 600,000 as two items.",
        "",
        "title: Peace talks - disputed points",
        "",
        "parties:",
        *[f"  - {{id: {pid}, name: {name}}}" for pid, name in PARTIES],
        "",
    ]
    titled = [a for a in articles if not a.markdown and a.index % 5 == 2][:REGISTER_TITLES_MAX]
    if titled:
        out.append("articles:")
        for a in titled:
            url = f"https://{a.outlet[2]}/{a.day:%Y/%m/%d}/{_slug(a.title)[:60].strip('-')}"
            out.append(f"  {a.id}: {{title: {json.dumps(a.title, ensure_ascii=False)}, "
                       f"outlet: {json.dumps(a.outlet[0], ensure_ascii=False)}, url: \"{url}\"}}")
        out.append("")
    out.append("points:")
    for point in points:
        out += _point_yaml(point, about[point.id], ids, rng)
    return "\n".join(out) + "\n"


def _point_yaml(point: PointPlan, about: list[tuple[ArticlePlan, int, Paragraph]], ids: list[str],
                rng: random.Random) -> list[str]:
    # history: 1-4 entries, oldest first here, each citing one article about the point
    by_article: dict[str, tuple[ArticlePlan, int, Paragraph]] = {}
    for found in about:
        by_article.setdefault(found[0].id, found)
    sources = sorted(by_article.values(), key=lambda f: (f[0].day, f[0].id))
    wanted = rng.randint(1, 4)
    cited = sorted(rng.sample(sources, min(wanted, len(sources))), key=lambda f: (f[0].day, f[0].id))
    status = "open"
    entries = []
    for article, number, paragraph in cited:
        status = rng.choice(NEXT_STATUS[status]) if entries else status
        quotes = [_quote_from(fact, rng) for fact in paragraph.facts[: rng.choice([1, 1, 2])]]
        entries.append((article.day, status, quotes, article.id))
    if not entries:  # no article about it yet: a dated entry without sources
        entries.append((YEAR_START + timedelta(days=rng.randrange(365)), "open", [], ""))
    short = point.short
    lines = [f"  - id: {point.id}", f"    title: {_scalar(point.title)}"]
    written = entries[::-1]  # newest first, as editors add them
    # the register's rule: the latest date wins, and of two entries on one day the later in the file
    latest = max(enumerate(written), key=lambda pair: (pair[1][0], pair[0]))[1][1]
    if rng.random() < 0.6:
        lines.append(f"    status: {latest}")
    lines.append(f"    summary: {_scalar(point.summary)}")
    if point.aliases:
        lines.append(f"    aliases: {_flow(point.aliases)}")
    lines.append(f"    keywords: {_flow(point.keywords)}")
    lines.append(f"    context: {_flow(point.context)}")
    if point.exclude:
        lines.append(f"    exclude: {_flow(point.exclude)}")
    lines.append("    positions:")
    for party, _ in rng.sample(PARTIES, rng.choice([3, 4])):
        stance = rng.choice(list(STANCE_TEXTS))
        text = STANCE_TEXTS[stance].format(short=short)
        lines.append(f"      {party}: {{stance: {stance}, text: {json.dumps(text, ensure_ascii=False)}}}")
    related = rng.sample([i for i in ids if i != point.id], min(rng.choice([0, 1, 1, 2]), len(ids) - 1))
    if related:
        lines.append(f"    related: {_flow(related)}")
    lines.append("    history:")
    for day, entry_status, quotes, article_id in written:
        note = STATUS_NOTES[entry_status].format(short=short, Short=_cap(short))
        lines += [f"      - date: {day.isoformat()}", f"        status: {entry_status}"]
        if quotes and rng.random() < 0.7:
            lines.append(f"        sourcing: {rng.choice(SOURCING)}")
        lines.append(f"        note: {_scalar(note)}")
        if quotes:
            lines.append("        sources:")
            for quote in quotes:
                lines += [f"          - article: {article_id}", f"            quote: {json.dumps(quote, ensure_ascii=False)}"]
    uncited = [f for f in about if f[0].id not in {e[3] for e in entries}]
    if uncited and rng.random() < 0.15:
        article, number, _ = rng.choice(uncited)
        lines.append("    dismissed:")
        lines.append(f"      - {{article: {article.id}, paragraph: {number}, reason: \"Background only; nothing new on {point.id}\"}}")
    lines.append("")
    return lines


# --- writing a project ----------------------------------------------------------------


def copy_site_files(dest: Path, repo: Path = ROOT) -> None:
    """The site config and hand-written pages of the repository: the parts a corpus does not make."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(repo / "mkdocs.yml", dest / "mkdocs.yml")
    if (repo / "overrides").is_dir():
        shutil.copytree(repo / "overrides", dest / "overrides", dirs_exist_ok=True)
    (dest / "briefings").mkdir(exist_ok=True)
    if (repo / "briefings" / "about.md").is_file():
        shutil.copy2(repo / "briefings" / "about.md", dest / "briefings" / "about.md")
    if (repo / "briefings" / "assets").is_dir():
        shutil.copytree(repo / "briefings" / "assets", dest / "briefings" / "assets", dirs_exist_ok=True)


def dense_sentence(points: list[PointPlan]) -> str:
    """A sentence naming a keyword of every point (the first of each; points in one town share it)."""
    return DENSE_OPENING + ", ".join(dict.fromkeys(p.keywords[0] for p in points)) + "."


def densified(article: ArticlePlan, points: list[PointPlan]) -> ArticlePlan:
    """The article with dense_sentence() at the end of every paragraph but the headings."""
    sentence = dense_sentence(points)
    return replace(article, paragraphs=[p if p.heading else replace(p, text=f"{p.text} {sentence}")
                                        for p in article.paragraphs])


def make_project(dest: Path, articles: int = 100, points: int = 50, seed: int = 1, repo: Path = ROOT,
                 dense: bool = False) -> Path:
    """Write a complete project of `articles` articles and a register of `points` points into dest.

    dense: every paragraph but the headings holds a keyword of every point (densified()).
    """
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty")
    plans = plan_points(points, seed)
    copy_site_files(dest, repo)
    seeds = dest / "seeds"
    seeds.mkdir()
    written = []
    for index in range(articles):
        article = plan_article(index, plans, seed)
        article = densified(article, plans) if dense else article
        (seeds / article.file_name).write_text(article_text(article), "utf-8")
        written.append(article)
    (dest / "briefings" / "register.yml").write_text(register_text(plans, written, seed), "utf-8")
    return dest


def add_article(dest: Path, index: int, points: int = 50, seed: int = 1, dense: bool = False,
                day: date | None = None) -> Path:
    """Write article number `index` of the same corpus into dest/seeds (the 'one new article' of a rebuild).

    day: the article's date instead of its planned one (NEWEST_DAY: no article of the corpus
    is dated later).
    """
    plans = plan_points(points, seed)
    article = plan_article(index, plans, seed)
    if day is not None:
        stem = f"{day.isoformat()}_{article.outlet[1]}_{index:05d}"
        article = replace(article, day=day, id=stem, file_name=stem + Path(article.file_name).suffix)
    article = densified(article, plans) if dense else article
    path = Path(dest) / "seeds" / article.file_name
    path.write_text(article_text(article), "utf-8")
    return path


def big_paragraph_article(dest: Path, points: int = 50, seed: int = 1, size: int = MAX_ARTICLE_BYTES,
                          name: str = "2025-06-30_transcript_big.txt") -> Path:
    """A seed article whose text is one paragraph (no blank line) filling `size` bytes of file.

    Realistic words: sentences about the points, filler and strays, run together as a
    transcript pasted without paragraph breaks would be.
    """
    rng = random.Random(f"{seed}:big")
    plans = plan_points(points, seed)
    head = " date 2025-06-30 "
    parts: list[str] = []
    used = len(head.encode("utf-8")) + 1  # the final newline
    while True:
        plan = rng.choice(plans)
        pick = rng.random()
        if pick < 0.35:
            sentence = _fill(rng.choice(plan.sentences if pick < 0.3 else plan.stray), rng, plan.values)
        else:
            sentence = filler_sentence(rng)
        cost = len(sentence.encode("utf-8")) + (1 if parts else 0)
        if used + cost > size:
            break
        parts.append(sentence)
        used += cost
    path = Path(dest) / "seeds" / name
    path.write_text(head + " ".join(parts) + "\n", "utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dest", type=Path, help="folder to create (must be empty or absent)")
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--points", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--big-paragraph", action="store_true", help="add one article that is a single 2 MiB paragraph")
    parser.add_argument("--dense", action="store_true", help="every paragraph also names a keyword of every point")
    options = parser.parse_args()
    try:
        project = make_project(options.dest, options.articles, options.points, options.seed, dense=options.dense)
    except (FileExistsError, ValueError) as exc:
        parser.error(str(exc))
    if options.big_paragraph:
        big_paragraph_article(project, options.points, options.seed)
    print(f"wrote {project}: {options.articles} articles, {options.points} points (seed {options.seed})"
          + ("; every paragraph holds every point's keywords" if options.dense else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
