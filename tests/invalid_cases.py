"""The invalid-case corpus: one row per way a case file can be wrong, and the exact messages it
must give. A row edits the valid base (fixtures/invalid/base.yaml, given the row's name as its
id), or gives the whole file. How rows are applied, and how lines are written (`{@}`, `{key.path}`,
`{/regex/}`, `{document}`), is in `mutations.py`.
"""

from __future__ import annotations

from .mutations import Row, after, before, block, sub


def words(count: int) -> str:
    """`count` times the word "words": 6 * count - 1 characters."""
    return " ".join(["words"] * count)


# A spot-the-gap answer, for rows that give it to an exercise of another kind.
FLAWED_AND_GAPS = """\
  flawed_formulation: >-
    She is a devoted daughter who puts her mother first because that is what her faith asks
    of her. The affect is tiredness. The defensive function is denial and reaction formation,
    and the goal is to help her look after herself better.
  gaps:
    - >-
      The defensive function is a list of defence mechanisms, not what the pattern protects
      her from feeling or knowing.
    - >-
      Only the conscious affect is named; the anger and the grief underneath are missing."""

NOT_TEACHABLE = "cases are fictional composites and must carry no real identifiers"

ROWS: list[Row] = [
    # --- The file as a whole -------------------------------------------------------------------
    Row(
        "empty",
        whole=b"# yaml-language-server: $schema=case.schema.json\n# nothing here yet\n",
        expected=("1: (file): is empty; start from `ditbook new-case <id>`",),
    ),
    Row(
        "huge-file",
        whole=b"summary: " + b"word " * 1_100_000,
        expected=("1: (file): is too large (5.5 MB); a content file must be under 256 KB",),
    ),
    Row(
        "binary-junk",
        whole=b"id: junk\ntitle: \x00\x01\x02\n",
        expected=("2: (file): is not valid YAML: control characters are not allowed",),
    ),
    Row(
        "not-utf8",
        edits=(sub(r"Took early retirement", "Took\udca0early retirement"),),
        expected=("{@}: (file): is not valid UTF-8 (byte 0xa0); save it as UTF-8",),
    ),
    Row(
        "control-character",
        edits=(sub(r"^  gender: woman$", "  gender: wo\x07man"),),
        expected=("{@}: (file): is not valid YAML: control characters are not allowed",),
    ),
    Row(
        "alias-bomb",
        whole=(
            b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
            b"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
            b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        ),
        expected=(
            "2: (file): is not valid YAML: anchors and aliases (& and *) are not allowed; "
            "write the text out",
        ),
    ),
    Row(
        "deep-nesting",
        whole=b"a: " + b"[" * 200 + b"]" * 200 + b"\n",
        expected=("1: (file): is not valid YAML: nesting is deeper than 12 levels",),
    ),
    Row(
        "yaml-syntax",
        edits=(after(r"^role:", "difficulty introductory"),),
        expected=("{@}: (file): is not valid YAML: a key needs a colon, as in 'key: value'",),
    ),
    Row(
        "yaml-unclosed-quote",
        edits=(sub(r"^title: .*$", 'title: "Joan: the long evenings'),),
        # The quoted title runs on to the next double quote; the line after it is not a key.
        expected=(
            '{/is "only doing/}: (file): is not valid YAML: while parsing a block mapping did '
            "not find expected key",
        ),
    ),
    Row(
        "top-level-list",
        whole=b"- id: top-level-list\n- title: A list, not a mapping\n",
        expected=("1: (file): must be a mapping of fields at the top level (found a list)",),
    ),
    Row(
        "top-level-text",
        whole=(
            b"# yaml-language-server: $schema=case.schema.json\n"
            b"Ruth comes with low mood and a sense that nobody listens.\n"
        ),
        expected=("2: (file): must be a mapping of fields at the top level (found text)",),
    ),
    # --- Keys ----------------------------------------------------------------------------------
    Row(
        "duplicate-key",
        edits=(after(r"^difficulty:", "difficulty: advanced"),),
        expected=("{@}: difficulty: is given twice (first at line {@-1})",),
    ),
    Row(
        "number-as-key",
        edits=(after(r"^  gender: woman$", "  2: second"),),
        expected=("{patient.2}: patient.2: is not a known field",),
    ),
    Row(
        "unknown-key",
        edits=(
            sub(r"^    less_conscious:", "    unconscious:"),
            sub(r"^agreed_wording:", "agreed_wordng:"),
        ),
        expected=(
            "{document}: agreed_wording: is required",
            "{ipaf.affect}: ipaf.affect.less_conscious: is required",
            "{ipaf.affect.unconscious}: ipaf.affect.unconscious: is not a known field; "
            "did you mean 'conscious'?",
            "{agreed_wordng}: agreed_wordng: is not a known field; did you mean 'agreed_wording'?",
        ),
    ),
    Row(
        "fictional-missing",
        edits=(sub(r"^fictional: true\n", ""),),
        expected=("{document}: fictional: is required",),
    ),
    Row(
        "missing-element",
        edits=(block(r"^  defensive_function:"),),
        expected=("{ipaf}: ipaf.defensive_function: is required",),
    ),
    # --- Values of the wrong shape or type -----------------------------------------------------
    Row(
        "wrong-shapes",
        edits=(
            sub(r"^title: .*$", "title: 2024-05-01"),
            sub(r"^fictional: true$", "fictional: 'yes'"),
            sub(r"^themes: .*$", "themes: neglect"),
            block(r"^patient:", "patient: a married woman of forty-six"),
            block(r"^phases:", "phases: [initial, middle, ending]"),
        ),
        expected=(
            "{title}: title: must be text (found date 2024-05-01)",
            "{fictional}: fictional: must be true or false (found str 'yes')",
            "{themes}: themes: must be a list (found str 'neglect')",
            "{patient}: patient: must be a mapping of fields "
            "(found str 'a married woman of forty-six')",
            "{phases}: phases: must be a mapping of fields "
            "(found list ['initial', 'middle', 'ending'])",
        ),
    ),
    Row(
        "wrong-types",
        edits=(
            sub(r"^difficulty: .*$", "difficulty: easy"),
            sub(r"^presentation: .*$", "presentation: [depression, grief]"),
            sub(r"^themes: .*$", "themes: [Neglect, marriage]"),
            sub(r"^  age: 58$", "  age: forty-six"),
        ),
        expected=(
            "{difficulty}: difficulty: must be one of 'introductory', 'intermediate' or "
            "'advanced' (found 'easy')",
            "{presentation}: presentation[1]: must be one of 'depression' or 'anxiety' "
            "(found 'grief')",
            "{themes}: themes[0]: must be lower-case letters, digits and single hyphens "
            "(e.g. 'maya-invisible')",
            "{patient.age}: patient.age: must be a whole number (found str 'forty-six')",
        ),
    ),
    Row(
        "outside-choices",
        edits=(
            sub(r"^role: exercise$", "role: example"),
            sub(
                r"^  - who: Her former husband\n    when: past$",
                "  - who: Her former husband\n    when: future",
            ),
        ),
        expected=(
            "{role}: role: must be one of 'worked-example' or 'exercise' (found 'example')",
            "{recurrence[1].when}: recurrence[1].when: must be one of 'past' or 'current' "
            "(found 'future')",
        ),
    ),
    Row(
        "patient-too-young",
        edits=(sub(r"^  age: 58$", "  age: 15"),),
        expected=("{patient.age}: patient.age: must be at least 16 (found 15)",),
    ),
    Row(
        "patient-too-old",
        edits=(sub(r"^  age: 58$", "  age: 101"),),
        expected=("{patient.age}: patient.age: must be at most 100 (found 101)",),
    ),
    # --- Identity ------------------------------------------------------------------------------
    Row(
        "id-mismatch",
        edits=(sub(r"^id: .*$", "id: ruth-unheard"),),
        expected=("{id}: id: must equal the file name 'id-mismatch' (found 'ruth-unheard')",),
    ),
    Row(
        "id-not-a-slug",
        edits=(sub(r"^id: .*$", "id: Ruth_Unheard"),),
        expected=(
            "{id}: id: must be lower-case letters, digits and single hyphens "
            "(e.g. 'maya-invisible')",
        ),
    ),
    Row(
        "slugs-too-long",
        edits=(
            sub(
                r"^id: .*$",
                "id: ruth-cutting-off-rather-than-asking-ruth-cutting-off-rather-than-asking",
            ),
            sub(
                r"^themes: .*$",
                "themes: [neglect, marriage, anger-turned-inward-into-silent-withdrawal]",
            ),
        ),
        expected=(
            "{id}: id: is too long (at most 60 characters; found 71)",
            "{themes}: themes[2]: is too long (at most 40 characters; found 42)",
        ),
    ),
    Row(
        "not-fictional",
        edits=(sub(r"^fictional: true$", "fictional: false"),),
        expected=("{fictional}: fictional: must be true: every case is a fictional composite",),
    ),
    # --- Lists ---------------------------------------------------------------------------------
    Row(
        "empty-lists",
        edits=(sub(r"^presentation: .*$", "presentation: []"), sub(r"^themes: .*$", "themes: []")),
        expected=(
            "{presentation}: presentation: needs at least 1 item (found 0)",
            "{themes}: themes: needs at least 1 item (found 0)",
        ),
    ),
    Row(
        "repeated-list-items",
        edits=(
            sub(r"^presentation: .*$", "presentation: [depression, anxiety, depression]"),
            sub(r"^themes: .*$", "themes: [neglect, marriage, anger, marriage, identity]"),
        ),
        expected=(
            "{presentation}: presentation: lists 'depression' more than once",
            "{themes}: themes: lists 'marriage' more than once",
        ),
    ),
    Row(
        "too-many-themes",
        edits=(
            sub(
                r"^themes: .*$",
                "themes: [neglect, marriage, anger, withdrawal, identity, shame, silence, work, "
                "family]",
            ),
        ),
        expected=("{themes}: themes: allows at most 8 items (found 9)",),
    ),
    Row(
        "one-relationship",
        edits=(sub(r"(?s)^  - who: Her former husband\n.*?(?=^symptom_link:)", ""),),
        expected=("{recurrence}: recurrence: needs at least one current relationship",),
    ),
    Row(
        "no-past-relationship",
        edits=(
            sub(
                r"^  - who: Her parents and her brother\n    when: past$",
                "  - who: Her parents and her brother\n    when: current",
            ),
            sub(
                r"^  - who: Her former husband\n    when: past$",
                "  - who: Her former husband\n    when: current",
            ),
        ),
        expected=("{recurrence}: recurrence: needs at least one past relationship",),
    ),
    # --- Prose ---------------------------------------------------------------------------------
    Row(
        "empty-element",
        edits=(block(r"^    conscious:", '    conscious: ""'),),
        expected=("{ipaf.affect.conscious}: ipaf.affect.conscious: must not be empty",),
    ),
    Row(
        "too-thin",
        edits=(block(r"^  defensive_function:", "  defensive_function: Projection and denial."),),
        expected=(
            "{ipaf.defensive_function}: ipaf.defensive_function: is too thin to teach from "
            "(3 words; write at least 10)",
        ),
    ),
    Row(
        "text-too-long",
        edits=(
            sub(r"^title: .*$", f"title: {words(26)}"),
            block(r"^summary:", f"summary: {words(134)}"),
            block(r"^transference:", f"transference: {words(1017)}"),
        ),
        expected=(
            "{title}: title: is too long (at most 120 characters; found 155)",
            "{summary}: summary: is too long (at most 600 characters; found 803)",
            "{transference}: transference: is too long (at most 6000 characters; found 6101)",
        ),
    ),
    Row(
        "placeholder",
        edits=(
            block(r"^  other_representation:", "  other_representation: TBD"),
            sub(r"^  - who: Her mother$", "  - who: Her mother..."),
            sub(r"Sessions 1 to 4\. Joan talked", "Sessions 1 to 4. Lorem ipsum. Joan talked"),
        ),
        expected=(
            "{ipaf.other_representation}: ipaf.other_representation: looks like placeholder "
            "text ('TBD'); write the real content",
            "{recurrence[2].who}: recurrence[2].who: looks like placeholder text ('...'); "
            "write the real content",
            "{phases.initial}: phases.initial: looks like placeholder text ('Lorem ipsum'); "
            "write the real content",
        ),
    ),
    Row(
        "placeholder-filler",
        edits=(
            sub(r"^  gender: woman$", '  gender: "-"'),
            sub(r"^  Joan has looked after", "  [insert age] Joan has looked after"),
            block(r"^agreed_wording:", 'agreed_wording: "   "'),
            block(r"^reversal:", "reversal: N/A"),
        ),
        expected=(
            "{patient.gender}: patient.gender: looks like placeholder text ('-'); "
            "write the real content",
            "{summary}: summary: looks like placeholder text ('[insert'); write the real content",
            "{agreed_wording}: agreed_wording: must not be empty",
            "{reversal}: reversal: looks like placeholder text ('N/A'); write the real content",
        ),
    ),
    Row(
        "raw-html",
        edits=(
            sub(r"^title: .*$", 'title: "Joan <img src=x onerror=alert(1)>"'),
            sub(r"^  Joan has looked after", "  <script>alert(1)</script> Joan has looked after"),
        ),
        expected=(
            "{title}: title: must not contain HTML ('<img src=x onerror=alert(1)>'); "
            "write plain text",
            "{summary}: summary: must not contain HTML ('<script>'); write plain text",
        ),
    ),
    Row(
        "html-entities-and-comments",
        edits=(
            sub(r"^  Joan has looked after", "  Joan &amp; her mother: Joan has looked after"),
            after(r"^  judgement on her worth\.$", "  <!-- check with Colin -->"),
        ),
        expected=(
            "{summary}: summary: must not contain HTML ('&amp;'); write plain text",
            "{reversal}: reversal: must not contain HTML ('<!-- check with Colin -->'); "
            "write plain text",
        ),
    ),
    Row(
        "real-identifiers",
        edits=(
            sub(r"^    White British", "    Reach her on ruth.m@example.com. White British"),
            sub(r"^  Joan's father", "  She was born on 14 March 1979. Joan's father"),
            sub(
                r"^      At twelve, after", "      Her NHS number is 943 476 5919. At twelve, after"
            ),
            sub(r"^      When he left", "      She lives near LS6 2QB. When he left"),
            sub(
                r"^      When her mother called",
                "      Her mobile is 07700 900123. When her mother called",
            ),
        ),
        expected=(
            "{patient.background}: patient.background: looks like an email address "
            f"('ruth.m@example.com'); {NOT_TEACHABLE}",
            "{history}: history: looks like a full date (a possible date of birth) "
            f"('14 March 1979'); {NOT_TEACHABLE}",
            "{recurrence[0].example}: recurrence[0].example: looks like an NHS number "
            f"('943 476 5919'); {NOT_TEACHABLE}",
            "{recurrence[1].example}: recurrence[1].example: looks like a UK postcode "
            f"('LS6 2QB'); {NOT_TEACHABLE}",
            "{recurrence[2].example}: recurrence[2].example: looks like a phone number "
            f"('07700 900123'); {NOT_TEACHABLE}",
        ),
    ),
    Row(
        "real-identifiers-international",
        edits=(
            sub(r"^  Joan has looked after", "  Joan (on +44 20 7946 0958) has looked after"),
            after(r"^symptom_link: >-$", "  Since 2019-03-14,"),
        ),
        expected=(
            "{summary}: summary: looks like a phone number ('+44 20 7946 0958'); "
            f"{NOT_TEACHABLE}",
            "{symptom_link}: symptom_link: looks like a full date (a possible date of birth) "
            f"('2019-03-14'); {NOT_TEACHABLE}",
        ),
    ),
    # --- Scores --------------------------------------------------------------------------------
    Row(
        "score-bounds",
        edits=(
            sub(r"^  - \{session: 1, .*$", "  - {session: 0, phq9: 19, gad7: 9, phq9_item9: 0}"),
            sub(r"^  - \{session: 2, .*$", "  - {session: 2, phq9: -1, gad7: 22, phq9_item9: -1}"),
        ),
        expected=(
            "{scores[0]}: scores[0].session: must be at least 1 (found 0)",
            "{scores[1]}: scores[1].gad7: must be at most 21 (found 22)",
            "{scores[1]}: scores[1].phq9: must be at least 0 (found -1)",
            "{scores[1]}: scores[1].phq9_item9: must be at least 0 (found -1)",
        ),
    ),
    Row(
        "score-not-whole-number",
        edits=(
            sub(
                r"^  - \{session: 1, .*$", "  - {session: 1, phq9: 12.5, gad7: '9', phq9_item9: 0}"
            ),
            sub(r"^  - \{session: 2, .*$", "  - {session: 2, phq9: 19, gad7: 10, phq9_item9: yes}"),
        ),
        expected=(
            "{scores[0]}: scores[0].gad7: must be a whole number (found str '9')",
            "{scores[0]}: scores[0].phq9: must be a whole number (found float 12.5)",
            "{scores[1]}: scores[1].phq9_item9: must be a whole number (found bool True)",
        ),
    ),
    Row(
        "score-out-of-range",
        edits=(
            sub(r"^  - \{session: 1, .*$", "  - {session: 1, phq9: 28, gad7: -1}"),
            sub(r"^  - \{session: 2, .*$", '  - {session: 2, phq9: "high", gad7: 10}'),
            sub(r"^  - \{session: 3, .*$", "  - {session: 3, phq9_item9: 4, gad7: 9}"),
        ),
        expected=(
            "{scores[0]}: scores[0].gad7: must be at least 0 (found -1)",
            "{scores[0]}: scores[0].phq9: must be at most 27 (found 28)",
            "{scores[1]}: scores[1].phq9: must be a whole number (found str 'high')",
            "{scores[2]}: scores[2].phq9_item9: must be at most 3 (found 4)",
        ),
    ),
    Row(
        "score-without-measure",
        edits=(sub(r"^  - \{session: 3, .*$", "  - {session: 3, phq9_item9: 0}"),),
        expected=("{scores[2]}: scores[2]: needs a phq9 or a gad7 score (or both)",),
    ),
    Row(
        "sessions-out-of-order",
        edits=(sub(r"^  - \{session: 2, .*$", "  - {session: 1, phq9: 19, gad7: 10}"),),
        expected=("{scores}: scores: sessions must be in order, each at most once",),
    ),
    Row(
        "too-many-sessions",
        edits=(
            # The base skips session 10: fill it in, then add a seventeenth.
            after(r"^  - \{session: 9, .*$", "  - {session: 10, phq9: 14, gad7: 7}"),
            after(r"^  - \{session: 16, .*$", "  - {session: 17, phq9: 8, gad7: 4}"),
        ),
        expected=("{scores[16]}: scores[16].session: must be at most 16 (found 17)",),
    ),
    # --- Role and exercise ---------------------------------------------------------------------
    Row(
        "exercise-without-block",
        edits=(block(r"^exercise:"),),
        expected=("{document}: exercise: is required when role is exercise",),
    ),
    Row(
        "worked-example-with-exercise",
        edits=(sub(r"^role: exercise$", "role: worked-example"),),
        expected=("{exercise}: exercise: is only for cases whose role is exercise",),
    ),
    Row(
        "exercise-id-pattern",
        edits=(sub(r"^  id: EX-.*$", "  id: EX-4"),),
        expected=(
            "{exercise.id}: exercise.id: must be EX- and two or three digits, e.g. 'EX-07' "
            "(found 'EX-4')",
        ),
    ),
    Row(
        "exercise-id-lower-case",
        edits=(sub(r"^  id: EX-.*$", "  id: ex-05"),),
        expected=(
            "{exercise.id}: exercise.id: must be EX- and two or three digits, e.g. 'EX-07' "
            "(found 'ex-05')",
        ),
    ),
    Row(
        "exercise-outside-choices",
        edits=(
            sub(r"^  kind: .*$", "  kind: quiz"),
            sub(r"^  missing_element: .*$", "  missing_element: feelings"),
        ),
        expected=(
            "{exercise.kind}: exercise.kind: must be one of 'whole-case', 'complete-the-ipaf', "
            "'spot-the-gap', 'agree-the-wording' or 'suitability' (found 'quiz')",
            "{exercise.missing_element}: exercise.missing_element: must be one of "
            "'self_representation', 'other_representation', 'affect' or 'defensive_function' "
            "(found 'feelings')",
        ),
    ),
    Row(
        "complete-the-ipaf-without-element",
        edits=(sub(r"^  missing_element: .*\n", ""),),
        expected=(
            "{exercise}: exercise.missing_element: is required when kind is complete-the-ipaf",
        ),
    ),
    Row(
        "complete-the-ipaf-with-gap-fields",
        edits=(before(r"^  marking_guide:", FLAWED_AND_GAPS),),
        expected=(
            "{exercise.flawed_formulation}: exercise.flawed_formulation: is only for exercises "
            "of kind spot-the-gap",
            "{exercise.gaps}: exercise.gaps: is only for exercises of kind spot-the-gap",
        ),
    ),
    Row(
        "spot-the-gap-with-element",
        edits=(
            sub(r"^  kind: .*$", "  kind: spot-the-gap"),
            before(r"^  marking_guide:", FLAWED_AND_GAPS),
        ),
        expected=(
            "{exercise.missing_element}: exercise.missing_element: is only for exercises of "
            "kind complete-the-ipaf",
        ),
    ),
    Row(
        "spot-the-gap-without-formulation",
        edits=(
            sub(r"^  kind: .*$", "  kind: spot-the-gap"),
            sub(r"^  missing_element: .*\n", ""),
        ),
        expected=(
            "{exercise}: exercise.flawed_formulation: is required when kind is spot-the-gap",
            "{exercise}: exercise.gaps: is required when kind is spot-the-gap",
        ),
    ),
    Row(
        "whole-case-with-kind-fields",
        edits=(
            sub(r"^  kind: .*$", "  kind: whole-case"),
            before(r"^  marking_guide:", FLAWED_AND_GAPS),
        ),
        expected=(
            "{exercise.missing_element}: exercise.missing_element: is only for exercises of "
            "kind complete-the-ipaf",
            "{exercise.flawed_formulation}: exercise.flawed_formulation: is only for exercises "
            "of kind spot-the-gap",
            "{exercise.gaps}: exercise.gaps: is only for exercises of kind spot-the-gap",
        ),
    ),
    Row(
        "marking-guide-too-short",
        edits=(
            # Keep the first items of each list; cut the rest.
            sub(r"(?s)^      - >-\n        Supports the answer.*?(?=^    common_mistakes:)", ""),
            sub(r"(?s)^      - >-\n        Repeating the behaviour.*?(?=^    discussion:)", ""),
            sub(r"(?s)^      - >-\n        What might the tin.*?(?=^  rubric:)", ""),
        ),
        expected=(
            "{exercise.marking_guide.good_answer}: exercise.marking_guide.good_answer: needs at "
            "least 3 items (found 2)",
            "{exercise.marking_guide.common_mistakes}: exercise.marking_guide.common_mistakes: "
            "needs at least 2 items (found 1)",
            "{exercise.marking_guide.discussion}: exercise.marking_guide.discussion: needs at "
            "least 2 items (found 1)",
        ),
    ),
    # --- Outcomes, milestones and the rubric (rules across a case's fields) -------------------
    Row(
        "outcome-outside-choices",
        edits=(
            sub(r"^  result: .*$", "  result: cured"),
            sub(r"^  ended: .*$", "  ended: finished"),
        ),
        expected=(
            "{outcome.result}: outcome.result: must be one of 'recovered', "
            "'reliable-improvement', 'no-reliable-change' or 'reliable-deterioration' "
            "(found 'cured')",
            "{outcome.ended}: outcome.ended: must be one of 'completed' or 'early' "
            "(found 'finished')",
        ),
    ),
    Row(
        "outcome-not-what-the-scores-show",
        edits=(sub(r"^  result: .*$", "  result: recovered"),),
        expected=(
            "{@}: outcome.result: says 'recovered', but the scores show 'reliable-improvement' "
            "(PHQ-9 17 to 11, GAD-7 8 to 6; see the outcome rules in the authors' checklist)",
        ),
    ),
    Row(
        "outcome-early-at-session-16",
        edits=(sub(r"^  ended: .*$", "  ended: early"),),
        expected=("{@}: outcome.ended: is 'early', but session 16 was attended; use 'completed'",),
    ),
    Row(
        "outcome-last-session-wrong",
        edits=(sub(r"^  last_session: .*$", "  last_session: 3"),),
        expected=(
            "{outcome.ended}: outcome.ended: is 'completed', but the last session is not 16; "
            "use 'early'",
            "{@}: outcome.last_session: must be the session of the last score (16) (found 3)",
            "{milestones.focus_agreed}: milestones.focus_agreed: is after the last session (3)",
            "{milestones.letter_read}: milestones.letter_read: is after the last session (3)",
        ),
    ),
    Row(
        "outcome-without-review",
        edits=(block(r"^  review:"),),
        expected=(
            "{outcome}: outcome.review: is required unless the patient recovered and "
            "completed: say what happened and what supervision made of it",
        ),
    ),
    Row(
        "last-score-without-gad7",
        edits=(
            sub(
                r"^  - \{session: 16, phq9: 11, gad7: 6, phq9_item9: 0\}$",
                "  - {session: 16, phq9: 11, phq9_item9: 0}",
            ),
        ),
        expected=("{scores}: scores: the first and the last score must both record phq9 and gad7",),
    ),
    Row(
        "no-letter",
        edits=(block(r"^goodbye_letter:"),),
        expected=(
            "{document}: goodbye_letter: is required unless the therapy ended early",
            "{milestones.letter_read}: milestones.letter_read: names a session, but there is "
            "no goodbye_letter",
        ),
    ),
    Row(
        "letter-never-read",
        edits=(block(r"^  letter_read:"),),
        expected=(
            "{milestones}: milestones.letter_read: is required unless the therapy ended early",
        ),
    ),
    Row(
        "anxiety-led-without-choice-or-measure",
        edits=(sub(r"^presentation: .*$", "presentation: [anxiety, depression]"),),
        expected=(
            "{document}: anxiety_measure: is required when the presentation is anxiety-led "
            "(anxiety first)",
            "{document}: treatment_choice: is required when the presentation is anxiety-led "
            "(anxiety first)",
        ),
    ),
    Row(
        "anxiety-measure-outside-choices",
        edits=(
            before(
                r"^ipaf:",
                "anxiety_measure:\n  name: BAI\n  reason: >-\n"
                "    A measure the service does not use for this presentation at all, written "
                "here only to break the rule.",
            ),
        ),
        expected=(
            "{anxiety_measure.name}: anxiety_measure.name: must be one of 'SPIN', 'PDSS', 'MI', "
            "'OCI', 'IES-R', 'PCL-5', 'HAI' or 'GAD-7' (found 'BAI')",
        ),
    ),
    Row(
        "rubric-prompt-of-another-kind",
        edits=(
            sub(
                r"^    - prompt: missing\n      criterion: Names",
                "    - prompt: self\n      criterion: Names",
            ),
            sub(
                r"^    - prompt: missing\n      criterion: Supports",
                "    - prompt: other\n      criterion: Supports",
            ),
        ),
        expected=(
            "{exercise.rubric}: exercise.rubric: has no criterion for the prompt 'missing'",
            "{/^    - prompt: self$/}: exercise.rubric[0].prompt: is not a prompt of "
            "complete-the-ipaf exercises (they are: missing, symptoms, wording)",
            "{/^    - prompt: other$/}: exercise.rubric[1].prompt: is not a prompt of "
            "complete-the-ipaf exercises (they are: missing, symptoms, wording)",
        ),
    ),
    Row(
        "rubric-prompt-outside-choices",
        edits=(
            sub(
                r"^    - prompt: missing\n      criterion: Names",
                "    - prompt: poetry\n      criterion: Names",
            ),
        ),
        expected=(
            "{@}: exercise.rubric[0].prompt: must be one of 'self', 'other', 'affect', "
            "'defence', 'recurrence', 'symptoms', 'wording', 'transference', 'missing', 'gaps', "
            "'rewrite', 'corrections', 'focus-sentence', 'choice', 'alternatives', "
            "'discussion' or 'risk-and-measures' (found 'poetry')",
        ),
    ),
]
