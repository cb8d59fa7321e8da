/** What `cellpath serve --help` and `main.js --help` say beyond the usage line: the API takes no options. */
export const SERVE_HELP = `Starts the HTTP API. It takes no options: it is configured with environment variables
(PORT, DATA_DIR or DATABASE_URL, KURRENTDB_URL, API_KEYS, PUBLIC_BASE_URL, LOG_LEVEL, CELLPATH_*;
the README's "Configuration" table lists them all). A bad value stops it with one line, exit 1.`;
