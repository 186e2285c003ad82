"""The built-in rules, as an explicit list (grep-able, no import-time discovery)."""

from __future__ import annotations

from promptlint.rules.builtin.confusable_characters import ConfusableCharacters
from promptlint.rules.builtin.context_window_exceeded import ContextWindowExceeded
from promptlint.rules.builtin.contradictory_instructions import ContradictoryInstructions
from promptlint.rules.builtin.deprecated_model import DeprecatedModel
from promptlint.rules.builtin.eval_invalid_golden_set import InvalidGoldenSet
from promptlint.rules.builtin.eval_missing_golden_set import MissingGoldenSet
from promptlint.rules.builtin.eval_stale_golden_set import StaleGoldenSet
from promptlint.rules.builtin.internal_error import InternalError
from promptlint.rules.builtin.invalid_version import InvalidVersion
from promptlint.rules.builtin.invisible_unicode import InvisibleUnicode
from promptlint.rules.builtin.missing_final_newline import MissingFinalNewline
from promptlint.rules.builtin.missing_version_header import MissingVersionHeader
from promptlint.rules.builtin.mixed_line_endings import MixedLineEndings
from promptlint.rules.builtin.pii_in_few_shot_example import PiiInFewShotExample
from promptlint.rules.builtin.pii_in_prompt import PiiInPrompt
from promptlint.rules.builtin.secret_in_prompt import SecretInPrompt
from promptlint.rules.builtin.template_syntax_error import TemplateSyntaxError
from promptlint.rules.builtin.token_budget_exceeded import TokenBudgetExceeded
from promptlint.rules.builtin.token_growth import TokenGrowth
from promptlint.rules.builtin.trailing_whitespace import TrailingWhitespace
from promptlint.rules.builtin.undefined_template_variable import UndefinedTemplateVariable
from promptlint.rules.builtin.unknown_model import UnknownModel
from promptlint.rules.builtin.unparseable_file import UnparseableFile
from promptlint.rules.builtin.unpinned_model import UnpinnedModel
from promptlint.rules.builtin.unused_declared_input import UnusedDeclaredInput
from promptlint.rules.builtin.unused_suppression import UnusedSuppression
from promptlint.rules.builtin.version_not_bumped import VersionNotBumped

BUILTIN_RULES: tuple[type, ...] = (
    TrailingWhitespace,
    MissingFinalNewline,
    MixedLineEndings,
    MissingVersionHeader,
    VersionNotBumped,
    InvalidVersion,
    TokenBudgetExceeded,
    TokenGrowth,
    ContextWindowExceeded,
    UnpinnedModel,
    DeprecatedModel,
    UnknownModel,
    UndefinedTemplateVariable,
    UnusedDeclaredInput,
    TemplateSyntaxError,
    PiiInFewShotExample,
    PiiInPrompt,
    SecretInPrompt,
    InvisibleUnicode,
    ConfusableCharacters,
    ContradictoryInstructions,
    StaleGoldenSet,
    MissingGoldenSet,
    InvalidGoldenSet,
    UnparseableFile,
    UnusedSuppression,
    InternalError,
)
