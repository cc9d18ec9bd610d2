import os

ROOT = "/srv/uploads"


def remove_document(name):
    os.remove(os.path.join(ROOT, name))
