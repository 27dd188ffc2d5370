"""From params to finished reports: plan the jobs, check them, run them, export HTML."""
