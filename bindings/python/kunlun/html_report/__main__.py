"""python3 -m kunlun.html_report COMPARE_DIR [--out FILE]: the report of a `kunlun compare` folder."""

import sys

from kunlun.html_report.page import main

sys.exit(main())
