"""Municipality goals, their indicators and measurements, and how far each goal is reached."""

from learning.goals.loader import goal_problems, goals_path, load_goals, measurements_path
from learning.goals.model import Goal, Indicator, IndicatorSeries, MunicipalityGoals, NetworkGoals

__all__ = [
    "Goal", "Indicator", "IndicatorSeries", "MunicipalityGoals", "NetworkGoals", "goal_problems",
    "goals_path", "load_goals", "measurements_path",
]
