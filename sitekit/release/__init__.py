"""Release gates run by ``invoke publish`` (and by the test suite), and deploy commands."""
