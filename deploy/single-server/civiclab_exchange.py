"""nbgrader exchange submit step that keeps each submission private to its author and the graders.

nbgrader's default submit leaves the submission folder at 0777 and its files at 0644.  The
inbound folder (mode 2733, owned by the grader account) cannot be listed by learners, so the
random suffix of a submission's folder name is all that hides it.  We close the rest: after
nbgrader has copied the files, folders become 0770 and files 0640, so other learners get
EACCES even if they learn the exact path.

The grader reads them through the inbound folder's *default ACL* (``setup_course.py`` sets
``default:user:<grader>:rwx``), which every new file and folder inherits; with an ACL the
group bits of the mode act as the ACL mask, so 0640 leaves the grader read access.  The
set-group-ID bit alone is not enough: ``shutil.copytree`` copies the learner's folder mode
onto the submission folder, which clears it before nbgrader writes ``timestamp.txt``.

Loaded by the hub-wide ``nbgrader_config.py`` that ``setup_course.py`` installs beside it.
"""

from __future__ import annotations

import os

from nbgrader.exchange.default.submit import ExchangeSubmit

SUBMISSION_DIR_MODE = 0o770
SUBMISSION_FILE_MODE = 0o640


class PrivateExchangeSubmit(ExchangeSubmit):
    """Same as nbgrader's submit, with the submission closed to other learners."""

    def copy_files(self):
        super().copy_files()
        dest = os.path.join(self.inbound_path, self.assignment_filename)
        # set_perms walks files first, then folders bottom-up, so the folder stays
        # traversable until its own files are done.
        self.set_perms(dest, fileperms=SUBMISSION_FILE_MODE, dirperms=SUBMISSION_DIR_MODE)
