/** Where the dev server (and only the dev server) hands the page its dev admin token. */
export const DEV_SESSION_PATH = '/__kubevision/dev-session';
