"""The shared prompt library: versioned prompt specs with tests, labels and a lock file.

    lib = PromptLibrary.load(settings.prompts_path)
    version = lib.get("press_release.policy_announcement@production")
    messages = lib.render(version, {"fact_sheet": sheet.to_prompt_block()})
    generation = lib.generate(version, variables, Gateway(settings))  # ledger: id@version
"""

from civiclab.prompts.library import Issue, PromptLibrary
from civiclab.prompts.model import PromptSpec, PromptVersion

__all__ = ["Issue", "PromptLibrary", "PromptSpec", "PromptVersion"]
