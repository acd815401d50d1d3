# English dates as the site has always shown them: "30 November 2026", not Django's "Nov. 30, 2026".
DATE_FORMAT = "j F Y"
