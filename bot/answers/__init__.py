"""Typed answers: what a free-text reply to one of the assistant's questions means.

Pure functions over plain data (no Rasa, no database): a yes or a no in either
language and any spelling, a choice among the options the assistant listed
(by id, name, a distinctive part of the name, position or date), and time
words ("tháng này", "in March", "hôm 5"). The actions feed them the options
they showed and act on the result.
"""
from bot.answers.choices import ALL, Option, Resolution, is_deictic, resolve
from bot.answers.timewords import TimeRef, find_time
from bot.answers.yesno import yes_or_no

__all__ = ["ALL", "is_deictic", "Option", "Resolution", "resolve", "TimeRef", "find_time", "yes_or_no"]
