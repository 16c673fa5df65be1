"""Briefing-site generator: articles + a register of disputed points -> a MkDocs site."""

import os as _os
import signal as _signal
import sys as _sys


def _quiet_interrupt(signum: int, frame: object) -> None:
    # Ctrl-C while the command is still loading: nothing to undo, and a traceback would only
    # bury the command's own output
    _sys.stdout.flush()
    _sys.stderr.flush()
    _os._exit(130)


if _os.path.basename(_sys.argv[0] if _sys.argv else "") in ("briefing", "-m"):
    # started as a command (not imported by another program): quiet from the first moment
    _signal.signal(_signal.SIGINT, _quiet_interrupt)
