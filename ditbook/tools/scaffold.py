"""The commented scaffold `ditbook new-case` writes: every field, each marked TODO.

A fresh scaffold fails validation on purpose: each TODO is reported until the author replaces it.
"""

from __future__ import annotations

import re

_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

_EXERCISE = """\
exercise:
  id: EX-00  # TODO: the next free EX-nn number
  kind: whole-case  # whole-case | complete-the-ipaf | spot-the-gap
  # What a therapist would know by the end of session 4. No IPAF, no later sessions.
  vignette: >-
    TODO
  marking_guide:
    good_answer: [TODO, TODO, TODO]
    common_mistakes: [TODO, TODO]
    discussion: [TODO, TODO]
"""


def new_case_text(case_id: str, role: str = "worked-example") -> str:
    if not _ID.match(case_id) or len(case_id) > 60:
        raise ValueError(
            f"{case_id!r} is not a valid id: use lower-case letters, digits and single hyphens"
        )
    exercise = _EXERCISE if role == "exercise" else ""
    return f"""\
# yaml-language-server: $schema=case.schema.json
#
# A fictional composite written for this handbook. Any likeness to a real person is chance.
# Plain text only: no HTML, no real names, dates of birth, addresses or phone numbers.
# Blank lines separate paragraphs. Check it with: ditbook validate cases/{case_id}.yaml
id: {case_id}
title: TODO
fictional: true
role: {role}
difficulty: introductory  # introductory | intermediate | advanced
presentation: [depression]  # depression and/or anxiety
themes: [TODO]
patient:
  age: 30
  gender: TODO
  background: >-
    TODO: family, culture, work.
summary: >-
  TODO: two or three sentences.
history: >-
  TODO: the history as the therapist learns it.
ipaf:
  self_representation: TODO
  other_representation: TODO
  affect:
    conscious: TODO
    less_conscious: TODO
  defensive_function: >-
    TODO: what the pattern protects the patient from feeling or knowing.
recurrence:  # at least one past and one current relationship
  - who: TODO
    when: past
    example: TODO
  - who: TODO
    when: current
    example: TODO
symptom_link: >-
  TODO: how the pattern is linked to the depression and/or anxiety.
agreed_wording: >-
  TODO: the IPAF in words the patient could use.
transference: >-
  TODO: how the pattern showed up with the therapist (middle phase).
phases:
  initial: TODO (sessions 1-4)
  middle: TODO (sessions 5-12)
  ending: TODO (sessions 13-16)
goodbye_letter: >-
  TODO
scores: []  # e.g. - {{session: 1, phq9: 18, gad7: 12}}
{exercise}"""
