/** What --host beyond loopback opens to everyone who can reach that address. */
export function openNetworkWarning(host: string): string[] {
  return [
    `WARNING: listening on ${host}, not just this machine. Anyone who can reach this address can:`,
    '  - sign in locally as ANY user, admin included (POST /client/signin takes any openid; no WeChat login),',
    '  - and so call every function as them: read the roster with names, student numbers and phone numbers,',
    '    change roles, approve hours, export spreadsheets;',
    '  - read stored files (plaque photos, volunteer evidence, exports) through temporary URLs;',
    '  - reach the admin SDK endpoint (/admin: the whole database and storage), guarded only by the key pair;',
    '  - see the local pages: /__emulator/metering, and with npm start /__dev/ (demo users) and the app.',
    '  Use it only on a network you trust, and only with demo data.',
  ];
}
