"""The validated responses table: its columns and codes (the contract between import and analysis).

Item codes and scales are those of ``shared/survey-instrument.md``. One row per response; the
importer writes this table (Parquet, one per network) and everything downstream reads it.

Columns:

- ``network`` (str), ``wave`` (str: ``baseline`` or a gathering id)
- ``source_file`` (str: the file name as imported), ``source_sha256`` (str), ``row_number`` (int:
  the row as a spreadsheet shows it, header = 1)
- ``submission_id`` (str or missing), ``submitted_at`` (UTC timestamp or missing)
- ``kommune`` (4-digit str), ``tjeneste`` (a SERVICES code), ``rolle`` (a ROLES code or missing)
- each PRACTICE item: Int8, 0–5 (0 = not relevant) or missing
- each SYSTEM item: Int8, 1 yes / 2 no / 9 don't know, or missing
- each CONFIDENCE item: Int8, 1–5 or missing
- ``samarbeid.<option>`` for each COOPERATION option: boolean (missing when the item was not answered)
- ``kommentar`` (str or missing): free text, for researchers only; never shown to participants
"""

from __future__ import annotations

SERVICES = (
    "psykisk_helse_rus", "hjemmetjeneste", "sykehjem", "legekontor", "helsestasjon_skolehelse",
    "nav", "avlastning", "barnehage", "skole", "barnevern", "ppt", "annet",
)
ROLES = ("leder", "helsepersonell", "annen_fagperson")
PRACTICE_ITEMS = (
    "p_identify", "p_document", "p_talk_parent", "p_inform_child", "p_offer_conversation",
    "p_contact_services", "p_refer", "p_bereaved",
)
SYSTEM_ITEMS = ("s_routine", "s_child_responsible", "s_anchored", "s_training", "s_know_contact")
CONFIDENCE_ITEMS = ("c_talk_child", "c_know_duties")
COOPERATION_OPTIONS = (*SERVICES, "spesialisthelsetjenesten", "brukerorganisasjon")
COOPERATION_COLUMNS = tuple(f"samarbeid.{option}" for option in COOPERATION_OPTIONS)
FREE_TEXT = ("kommentar",)

FREQUENCY5 = {0: "not relevant", 1: "never", 2: "rarely", 3: "sometimes", 4: "often", 5: "always"}
YESNO = {1: "yes", 2: "no", 9: "don't know"}
AGREE5 = {1: "strongly disagree", 2: "disagree", 3: "neither", 4: "agree", 5: "strongly agree"}
NOT_RELEVANT = 0
OFTEN_OR_ALWAYS = (4, 5)
YES, NO, DONT_KNOW = 1, 2, 9

META_COLUMNS = (
    "network", "wave", "source_file", "source_sha256", "row_number", "submission_id", "submitted_at",
)
RESPONSE_COLUMNS = (
    *META_COLUMNS, "kommune", "tjeneste", "rolle",
    *PRACTICE_ITEMS, *SYSTEM_ITEMS, *CONFIDENCE_ITEMS, *COOPERATION_COLUMNS, *FREE_TEXT,
)
BASELINE = "baseline"
