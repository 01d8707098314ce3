"""``python -m experiments.report RESULTS_FOLDER``: rebuild the report of a results folder."""

import sys

from experiments.report import main

sys.exit(main())
