# nbgrader configuration of the civiclab course (AI 행정 실습실).
#
# Used both by `nbgrader ...` run in this folder and by `civiclab course ...`.
# Settings come from the environment (see civiclab.grading.config):
#   CIVICLAB_COURSE_ID, CIVICLAB_GRADEBOOK_URL (SQLite by default; PostgreSQL for
#   several graders), CIVICLAB_EXCHANGE_DIR, CIVICLAB_GRADING_TIMEOUT.
import os

from civiclab.grading.config import configure

c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)
configure(c, os.path.dirname(os.path.abspath(__file__)))
