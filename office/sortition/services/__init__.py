"""Operations on assemblies: imports, invitation lottery, quotas, runs, replacements, purge.

Services flush but never commit; the caller (view or CLI) commits once.
"""

from office.sortition.services.assemblies import assembly_by_slug, save_assembly, set_published
from office.sortition.services.errors import ImportRejected, QuotasInfeasible
from office.sortition.services.exchange import import_quotas, people_csv
from office.sortition.services.exchange import quotas_csv as quotas_exchange_csv
from office.sortition.services.invitations import (
    answer_counts,
    counting_draw,
    draw_invitations,
    freeze_answers,
    import_answers,
    import_register,
    invitation_draws,
    invitations_csv,
    parse_weights,
    response_table,
)
from office.sortition.services.pool import (
    LABEL_LANGUAGES,
    derive_quotas,
    feasibility_problems,
    import_pool,
    label_keys,
    pool_features,
    preview_pool,
    quota_categories,
    respondents,
    rule_pool,
    rule_quotas,
    save_labels,
    save_quotas,
    set_withdrawn,
)
from office.sortition.services.privacy import purge_assembly, purge_due
from office.sortition.services.publication import (
    audit_log,
    commitment,
    enter_seed,
    publish_commitment,
    store_computed,
)
from office.sortition.services.replacements import (
    current_panel,
    proposal,
    quota_table,
    replace_member,
    replacement_candidates,
)
from office.sortition.services.runs import (
    active_run,
    attempts,
    checksum,
    latest_result,
    pool_checksum,
    quota_snapshot,
    request_cancel,
    start_run,
)

__all__ = [
    "LABEL_LANGUAGES",
    "label_keys",
    "save_labels",
    "import_quotas",
    "people_csv",
    "quotas_exchange_csv",
    "answer_counts",
    "counting_draw",
    "freeze_answers",
    "import_answers",
    "invitation_draws",
    "parse_weights",
    "response_table",
    "ImportRejected",
    "QuotasInfeasible",
    "active_run",
    "assembly_by_slug",
    "checksum",
    "current_panel",
    "derive_quotas",
    "draw_invitations",
    "feasibility_problems",
    "import_pool",
    "import_register",
    "invitations_csv",
    "latest_result",
    "pool_checksum",
    "pool_features",
    "preview_pool",
    "proposal",
    "replacement_candidates",
    "purge_assembly",
    "purge_due",
    "quota_categories",
    "quota_snapshot",
    "quota_table",
    "replace_member",
    "request_cancel",
    "respondents",
    "rule_pool",
    "rule_quotas",
    "save_assembly",
    "save_quotas",
    "set_published",
    "set_withdrawn",
    "start_run",
    "store_computed",
    "audit_log",
    "commitment",
    "enter_seed",
    "publish_commitment",
    "attempts",
]
