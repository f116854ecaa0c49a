"""The council's appraisal round: appraisal workbooks out, appraised points back in."""
