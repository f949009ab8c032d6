"""Use cases of runs, one module per concern: start a run and the background job that solves
it (`execution`; `service.jobs` runs it), read a run, its result and proposals (`reading`),
record the curator's decisions (`decisions`, as `matcher.lifecycle` allows them), compare a
rerun with the run before it (`diff`), ask why a pair was not proposed and give participants
links to their own explanation (`explanations`), and produce the run's documents
(`documents`).

Like `service.services`, each use case takes a unit of work, the acting user and plain values,
checks access, raises domain errors and records changes in the audit log. The matcher does the
work: `matcher.solver` solves, reruns, diffs and answers why-not; `matcher.reports` writes the
documents. A run keeps the bank and programme it read, so everything about it later (documents,
why-not, explanations) reads exactly what the solver saw. The public names are importable from
this package (`runs.start_run(...)`).
"""

from __future__ import annotations

from service.runs.common import (
    ACTIVE,
    NOT_FAILED,
    RUN_STATUS_WORDS,
    STATUS_WORDS,
    RunContext,
    UowFactory,
)
from service.runs.decisions import decide
from service.runs.diff import DiffView, run_diff
from service.runs.documents import export_text, order_docx, record_export, report_xlsx, run_report
from service.runs.execution import (
    HEARTBEAT_S,
    LOADED,
    MAX_ATTEMPTS,
    SOLVED,
    SOLVER_STAGES,
    STALL_S,
    RunFailed,
    cancel_run,
    execute_run,
    fail_interrupted,
    queued_runs,
    recover_stalled,
    start_run,
    summary_of,
    texts,
    unsent_runs,
    worker_name,
)
from service.runs.explanations import (
    ExplanationLink,
    PublicExplanation,
    create_links,
    explanation_for_link,
    list_links,
    mentee_situation_in_run,
    revoke_link,
    revoke_links,
    why_not_pair,
)
from service.runs.readiness import programme_readiness
from service.runs.reading import (
    ProposalPage,
    ReviewPage,
    RunChanges,
    SummaryPage,
    decode_cursor,
    get_proposal,
    get_run,
    list_proposals,
    list_runs,
    list_summaries,
    list_unmatched,
    newer_run,
    proposal_counts,
    proposal_people,
    review_page,
    run_changes,
    run_context,
    run_result,
    search_proposals,
)

__all__ = [
    "ACTIVE",
    "HEARTBEAT_S",
    "LOADED",
    "MAX_ATTEMPTS",
    "NOT_FAILED",
    "RUN_STATUS_WORDS",
    "SOLVED",
    "SOLVER_STAGES",
    "STALL_S",
    "STATUS_WORDS",
    "DiffView",
    "ExplanationLink",
    "ProposalPage",
    "PublicExplanation",
    "ReviewPage",
    "RunChanges",
    "RunContext",
    "RunFailed",
    "SummaryPage",
    "UowFactory",
    "cancel_run",
    "create_links",
    "decide",
    "decode_cursor",
    "execute_run",
    "explanation_for_link",
    "export_text",
    "fail_interrupted",
    "get_proposal",
    "get_run",
    "list_links",
    "list_proposals",
    "list_runs",
    "list_summaries",
    "list_unmatched",
    "mentee_situation_in_run",
    "newer_run",
    "order_docx",
    "programme_readiness",
    "proposal_counts",
    "proposal_people",
    "queued_runs",
    "record_export",
    "recover_stalled",
    "report_xlsx",
    "review_page",
    "revoke_link",
    "revoke_links",
    "run_changes",
    "run_context",
    "run_diff",
    "run_report",
    "run_result",
    "search_proposals",
    "start_run",
    "summary_of",
    "texts",
    "unsent_runs",
    "why_not_pair",
    "worker_name",
]
