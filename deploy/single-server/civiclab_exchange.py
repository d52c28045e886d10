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

from nbgrader.exchange.default.collect import ExchangeCollect
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


class InboxCollect(ExchangeCollect):
    """Collect from per-learner inboxes, for clusters where every pod runs as the same uid.

    On Kubernetes all learner pods usually share uid 1000, so file modes cannot keep
    submissions apart.  There each learner pod mounts only its own folder,
    ``<exchange>/<course>/inbox/<username>``, as nbgrader's ``inbound``
    (``deploy/kubernetes/values.yaml``): a learner cannot even see that other inboxes exist.
    The grader pod mounts the whole volume; before collecting, this links every
    ``inbox/<user>/<user>+<assignment>+<time>+<random>`` into the flat ``inbound`` folder that
    nbgrader's collect reads.  A submission whose folder name claims another learner's name is
    skipped, so nobody can submit in someone else's name.
    """

    def link_inboxes(self) -> int:
        course_path = os.path.join(self.root, self.coursedir.course_id)
        inbox_root = os.path.join(course_path, "inbox")
        inbound = os.path.join(course_path, "inbound")
        if not os.path.isdir(inbox_root):
            return 0
        os.makedirs(inbound, exist_ok=True)
        linked = 0
        for learner in sorted(os.listdir(inbox_root)):
            learner_dir = os.path.join(inbox_root, learner)
            if not os.path.isdir(learner_dir):
                continue
            for name in os.listdir(learner_dir):
                source = os.path.join(learner_dir, name)
                if name.rsplit("+", 3)[0] != learner:
                    self.log.warning("Skipping %s in the inbox of %s: wrong owner", name, learner)
                    continue
                if _has_symlink(source):
                    # A link could point into another learner's inbox: the grader would copy it.
                    self.log.warning("Skipping %s: submissions may not contain links", source)
                    continue
                link = os.path.join(inbound, name)
                if not os.path.lexists(link):
                    os.symlink(source, link)
                    linked += 1
        return linked

    def init_src(self):
        self.link_inboxes()
        super().init_src()


def _has_symlink(path: str) -> bool:
    if os.path.islink(path) or not os.path.isdir(path):
        return True
    for folder, dirs, files in os.walk(path):
        if any(os.path.islink(os.path.join(folder, n)) for n in dirs + files):
            return True
    return False
