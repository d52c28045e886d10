"""civiclab — AI 행정 실습실.

A Jupyter lab that teaches Korean civil servants to draft with LLMs well and
safely, grades what they write, and links the course to a complaint chatbot's
metrics.  Data flows one way:

    prompts -> llm (gateway) -> draft -> scoring -> grading -> metrics

Importing this package is deliberately cheap: heavy libraries (pandas, Kiwi,
openai, nbgrader) are imported only inside the functions that need them.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
