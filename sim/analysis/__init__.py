"""Analysis of runs: field measures of displacement, the twin-world comparison and costs."""
