"""Buyer grading (docs/domain.md §4): a transparent, versioned scorecard.

`score(frame, model)` grades a whole DataFrame of buyers at once (numpy, no per-row Python) and
returns, per buyer, the grade 1 (best) to 10 (worst), the one-year probability of default, the
model version, the best grade the buyer's situation allows and each factor's contribution to
the log-odds. `load_model()` reads the latest shipped model file (`models/scorecard-*.json`),
or a named version, into a frozen `Model`. `GRADE_PD_BOUNDS` are the PD upper bounds of
grades 1-9. `python -m underwriting.grading.calibrate` refits the model on the Polish
bankruptcy data and prints its held-out AUC against Altman's Z'' and the default rate by grade.
"""

from underwriting.grading.grades import GRADE_PD_BOUNDS
from underwriting.grading.model import Model, load_model
from underwriting.grading.scorecard import score

__all__ = ["GRADE_PD_BOUNDS", "Model", "load_model", "score"]
