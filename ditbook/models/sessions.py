"""Where the sixteen sessions are described: the phase sections of "The 16 sessions" and the
sections of "Session by session", and which of them a moment of the therapy belongs to.

One table maps a dialogue (its session and its moment) to the session-by-session section it
shows, and each such section to its phase; the dialogue's page links to the section, and the
section lists the dialogue and the drills of its phase. Nothing here is written in a content file.
"""

from __future__ import annotations

from ditbook.models.case import MAX_SESSIONS, PHASES

# The phase sections of "The 16 sessions", by phase (as PHASES names them).
PHASE_SECTIONS: dict[str, str] = {
    "initial": "handbook/the-16-sessions.md#the-initial-phase-sessions-14",
    "middle": "handbook/the-16-sessions.md#the-middle-phase-sessions-512",
    "ending": "handbook/the-16-sessions.md#the-ending-phase-sessions-1316",
}

SESSION_GUIDE = "handbook/session-by-session.md"

# The sections of "Session by session", in the order of the therapy: anchor -> (heading, first
# session, last session, moments). A moment of the therapy that makes a session what its section
# describes belongs to that section whatever its number (the focus may be agreed in session 3 or
# 5, the ending raised before session 13); any other moment belongs to the section of its
# session. The numbers follow the chapter: the focus agreed by session 4, the ending raised no
# later than session 13, the letter read in one of the last sessions but not the final one.
SESSION_GUIDE_SECTIONS: dict[str, tuple[str, int, int, tuple[str, ...]]] = {
    "session-1": ("Session 1", 1, 1, ()),
    "sessions-2-3": ("Sessions 2 and 3", 2, 3, ()),
    "session-4": ("Session 4: agreeing the focus", 4, 4, ("agreeing-the-focus",)),
    "middle-session": ("A typical middle session", 5, 12, ()),
    "raising-the-ending": (
        "The session where the ending is raised",
        13,
        13,
        ("raising-the-ending",),
    ),
    "letter-session": ("The letter session", 14, 15, ("reading-the-letter",)),
    "last-session": ("The last session", 16, MAX_SESSIONS, ()),
}


def guide_section(anchor: str) -> str:
    return f"{SESSION_GUIDE}#{anchor}"


def heading(section: str) -> str:
    """The heading of a session-by-session section, given as 'handbook/session-by-session.md#x'."""
    return SESSION_GUIDE_SECTIONS[section.partition("#")[2]][0]


def session_section(session: int, moment: str) -> str:
    """The session-by-session section, as 'handbook/session-by-session.md#anchor', of a moment
    of the therapy in a session."""
    for anchor, (_heading, _first, _last, moments) in SESSION_GUIDE_SECTIONS.items():
        if moment in moments:
            return guide_section(anchor)
    for anchor, (_heading, first, last, _moments) in SESSION_GUIDE_SECTIONS.items():
        if first <= session <= last:
            return guide_section(anchor)
    raise ValueError(f"session {session} is outside 1-{MAX_SESSIONS}")


def phase_of_section(anchor: str) -> str:
    """The phase a session-by-session section belongs to (its sessions all lie in it)."""
    _heading, first, last, _moments = SESSION_GUIDE_SECTIONS[anchor]
    for phase, (start, end) in PHASES.items():
        if start <= first and last <= end:
            return phase
    raise ValueError(f"{anchor}: sessions {first}-{last} span more than one phase")


def sections_of_phases(sections: list[str]) -> list[str]:
    """The session-by-session sections of every phase whose section of "The 16 sessions" is
    among `sections`, in the order of the therapy: what a drill for a phase practises."""
    phases = {phase for phase, section in PHASE_SECTIONS.items() if section in sections}
    return [
        guide_section(anchor)
        for anchor in SESSION_GUIDE_SECTIONS
        if phase_of_section(anchor) in phases
    ]
