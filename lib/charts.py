"""Bar charts of counts a day, for the admin's reports, drawn as plain SVG by
templates/admin/includes/day_chart.html (no script, nothing the CSP would have to allow)."""

HEIGHT, SLOT, BAR = 120, 20, 8


def day_bars(days, series):
    """Two bars a day, oldest first: series is ((class name, label, counts a day), ...)."""
    tallest = max([count for _, _, counts in series for count in counts] + [1])
    bars = []
    for n, day in enumerate(days):
        for offset, (kind, label, counts) in enumerate(series):
            height = round(HEIGHT * counts[n] / tallest)
            bars.append(
                {
                    "kind": kind,
                    "x": n * SLOT + 2 + offset * BAR,
                    "y": HEIGHT - height,
                    "height": height,
                    "label": f"{day:%-d %b}: {counts[n]} {label}",
                }
            )
    return {
        "bars": bars,
        "width": len(days) * SLOT,
        "height": HEIGHT,
        "bar": BAR,
        "tallest": tallest,
        "keys": [(kind, label) for kind, label, _ in series],
    }
