// Browser tests drive Debian's Chromium (nothing here can download a browser). Before the tests run, make
// sure it is there: install it when we are root on Debian, otherwise say exactly what to do.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
if (!fs.existsSync(CHROMIUM)) {
  const canInstall = process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    console.error(`Browser tests need Chromium at ${CHROMIUM}. On Debian: sudo apt-get install -y --no-install-recommends chromium`);
    process.exit(1);
  }
  console.error(`Installing Debian's chromium for the browser tests (apt-get, about 400 MB)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
}
