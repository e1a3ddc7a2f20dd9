"""A progress bar for commands that work through many profiles."""

# Below this many profiles a command finishes before a bar would be worth reading.
LARGE = 200
WIDTH = 30


class ProgressBar:
    """Draws "label [#####.....] done/total" on a command's stderr for large jobs.

    On a terminal the bar redraws in place; in a log it writes a line at every tenth.
    """

    def __init__(self, stream, label, *, enabled=True):
        self.stream, self.label, self.enabled = stream, label, enabled
        self._last_tenth = -1

    def __call__(self, done, total):
        if not self.enabled or total < LARGE:
            return
        filled = WIDTH * done // total
        line = f"{self.label} [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total}"
        if self.stream.isatty():
            self.stream.write("\r" + line, ending="\n" if done == total else "")
            self.stream.flush()
            return
        tenth = 10 * done // total
        if tenth != self._last_tenth:
            self._last_tenth = tenth
            self.stream.write(line)
