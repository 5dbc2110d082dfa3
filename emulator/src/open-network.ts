/** What --host beyond loopback opens to everyone who can reach that address. */
export function openNetworkWarning(host: string): string[] {
  return [
    `WARNING: listening on ${host}, not just this machine. Anyone who can reach this address can:`,
    '  - sign in locally as ANY user, admin included (POST /client/signin takes any openid; no WeChat login),',
    '  - and so call every function as them, with whatever those functions let that user read or change;',
    '  - read the files they uploaded through temporary URLs;',
    '  - reach the admin SDK endpoint (/admin: the whole database and storage), guarded only by the key pair;',
    '  - see the local pages (/__emulator/metering, /__emulator/triggers).',
    '  Use it only on a network you trust, and only with demo data.',
  ];
}
