"""``python -m ganzoo.models export-vgg``: write the shipped loss network ``vgg16-hed-relu4_3``.

The HED VGG16 weights (``shared/weights/vgg16-hed``) up to relu4_3, stored as float16 with a model
card; see ``ganzoo.models.vgg``.
"""

import sys

from ganzoo.models.vgg import export_shipped

if __name__ == "__main__":
    if sys.argv[1:] != ["export-vgg"]:
        raise SystemExit("usage: python -m ganzoo.models export-vgg")
    export_shipped()
