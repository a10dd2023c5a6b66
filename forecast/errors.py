"""Errors a person can fix: every door (command line, ribbon, formula) shows their French
message, never a traceback."""


class UserError(Exception):
    """A problem with what the person gave planae (a file, a sheet, a name, a choice)."""


class WorkbookError(UserError):
    """The workbook itself is not usable (a sheet renamed, a defined name deleted…)."""
