// How every script and test of this project launches Debian's Chromium:
// headless, as root (no sandbox), and without the background traffic that
// this machine's closed network would refuse and that would mix with the
// requests being measured. Pass it to playwright-core's chromium.launch().

export const CHROMIUM_LAUNCH = Object.freeze({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
})
