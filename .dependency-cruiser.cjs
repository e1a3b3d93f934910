// The house's one-way arrows (ARCHITECTURE.md), checked on every `npm test` by dependency-cruiser.
// Tiers, lowest first; a module may import its own tier and the tiers below, never one above:
//   contract   main/ipc                                   the channel map, shapes and error codes
//   kernel     main/kernel, db, journal, outbox, crypto   what every capability stands on
//   domain     main/ppe, main/rcoi                        the exam point's configuration; the way to RCOI
//   capability main/auth, roster, timeline, bundles, demo, sync, packages, attention, transfer
//   root       main/root                                  opens the database, wires services, maps channels
//   shells     main/app, main/bridge, main/preload        Electron, the browser shell's bridge, the preload
// native/ (hardware behind interfaces) imports nothing from main/. No module cycles anywhere.

const KERNEL = '^main/(kernel|db|journal|outbox|crypto)/';
const DOMAIN = '^main/(ppe|rcoi)/';
const CAPABILITY = '^main/(auth|roster|timeline|bundles|demo|sync|packages|attention|transfer|stations|tokens|anchors|kits|documents|printing|exam-keys|forms)/';
const ROOT = '^main/root/';
const SHELLS = '^main/(app|bridge|preload)/';

const upward = (name, from, to, comment) => ({ name, severity: 'error', comment, from: { path: from }, to: { path: to } });

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes two modules one: split what both need into a module below them.',
      from: { path: '^(main|native)/' },
      to: { circular: true },
    },
    upward('contract-imports-nothing', '^main/ipc/', '^main/(?!ipc/)', 'The contract is pure schemas: the renderer reads it too.'),
    upward('kernel-stays-low', KERNEL, `${DOMAIN}|${CAPABILITY}|${ROOT}|${SHELLS}`, 'The kernel knows no capability.'),
    upward('domain-below-capabilities', DOMAIN, `${CAPABILITY}|${ROOT}|${SHELLS}`, 'PPE configuration and the RCOI client serve every capability.'),
    upward('capabilities-below-root', CAPABILITY, `${ROOT}|${SHELLS}`, 'A capability is wired by the root, never the other way round.'),
    upward('root-below-shells', ROOT, SHELLS, 'The root is what the shells start.'),
    {
      name: 'acts-through-the-unit-of-work',
      severity: 'error',
      comment:
        'A capability writes journal entries and outbox messages through act() (main/kernel/unit-of-work.ts), which checks them against their catalogs and announces the change after the commit.',
      from: { path: `${DOMAIN}|${CAPABILITY}` },
      to: { path: '^main/(journal/append|outbox/enqueue)\\.ts$' },
    },
    upward('native-is-standalone', '^native/', '^main/', 'Devices sit behind interfaces main adapts, not the reverse.'),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type from above is still an arrow pointing up.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|dist|out)/' },
  },
};
