/**
 * The pre-join script: one POSIX sh script per node pool that needs node tunings, sent
 * base64-encoded as kubernetes_config.pre_user_data and run as root before the node joins.
 *
 * Properties the tests hold it to: deterministic (sorted, no timestamps), idempotent (files
 * are replaced only when their content differs, the reboot for boot arguments happens at most
 * once), every value single-quoted, and `sh -n` clean. ACKL2_ROOT prefixes every path and
 * ACKL2_<COMMAND> replaces each system command, so tests run it in a temporary root. It
 * defines only the commands and helpers it uses, so `shellcheck` has nothing to say about it.
 */

import type { NodeTuning } from './draft.js';

export interface ScriptContext {
  profile: string;
  pool: string;
  /** Scenario ids applied to the pool (header comment only). */
  tunings: readonly string[];
}

export const SYSCTL_FILE = '/etc/sysctl.d/90-ackl2.conf';
export const MODULES_FILE = '/etc/modules-load.d/90-ackl2.conf';
export const UDEV_RULES_FILE = '/etc/udev/rules.d/60-ackl2.rules';
export const REBOOT_MARKER = '/var/lib/ackl2/boot-args-reboot';
/** How long the deferred reboot waits for kubelet (seconds between checks x checks). */
const KUBELET_WAIT = { intervalSeconds: 10, checks: 180 };

/** A shell word that expands to exactly `value`: single quotes, with ' written as '\''. */
export function shQuote(value: string | number): string {
  return `'${String(value).replace(/'/g, `'\\''`)}'`;
}

/** Comment text on one line, whatever the input. */
const commentText = (text: string): string => text.replace(/[^\x20-\x7e]/g, '?');

/** The system commands a script may run, each replaceable by ACKL2_<NAME> in tests. */
const COMMANDS = ['sysctl', 'modprobe', 'tc', 'udevadm', 'grubby', 'systemctl', 'reboot'] as const;
type Command = (typeof COMMANDS)[number];

export function renderPreJoinScript(node: NodeTuning, context: ScriptContext): string {
  const modules = [...node.modules].sort();
  const sysctls = [...node.sysctls.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const rules = udevRules(node);
  const sections: string[][] = [];
  const used = new Set<Command>();
  if (modules.length > 0) sections.push(modulesSection(modules, used));
  if (sysctls.length > 0) sections.push(sysctlSection(sysctls, context, used));
  if (node.rootQdisc) sections.push(rootQdiscSection(node.rootQdisc, used));
  if (rules.length > 0) sections.push(udevSection(rules, context, used));
  if (node.bootArgs.length > 0) sections.push(bootArgsSection(node.bootArgs, node.bootArgsUnlessPath, used));
  const writesFiles = modules.length > 0 || sysctls.length > 0 || rules.length > 0;

  const out: string[] = [
    '#!/bin/sh',
    `# ackl2 pre-join script for node pool ${commentText(JSON.stringify(context.pool))} of profile ${commentText(JSON.stringify(context.profile))}.`,
    '# Generated from the profile (ackl2 plan --show-scripts); runs as root before the node joins.',
    '# Safe to run more than once: files change only when their content differs, and the',
    '# reboot for kernel boot arguments happens at most once.',
    ...(context.tunings.length > 0 ? [`# Tunings: ${commentText(context.tunings.join(', '))}`] : []),
    'set -u',
    '',
    'root="${ACKL2_ROOT:-}"',
    ...COMMANDS.filter((command) => used.has(command)).map((command) => `${command}_cmd="\${ACKL2_${command.toUpperCase()}:-${command}}"`),
    'failures=0',
    '',
    "log() { printf 'ackl2: %s\\n' \"$1\"; }",
    "warn() { printf 'ackl2: warning: %s\\n' \"$1\" >&2; failures=$((failures + 1)); }",
    ...(writesFiles ? ['', ...WRITE_FILE] : []),
  ];
  for (const section of sections) out.push('', ...section);

  out.push(
    '',
    '# A tuning that fails must not keep the node out of the cluster: warn and carry on.',
    'if [ "$failures" -gt 0 ]; then',
    '  warn "$failures step(s) failed; the node joins with the tunings that did apply"',
    'fi',
    'exit 0',
  );
  return `${out.join('\n')}\n`;
}

/**
 * write_file PATH LINE...: PATH gets exactly these lines, replaced only when they differ.
 * Succeeds when it replaced the file; a failure is warned about (and counted) here.
 */
const WRITE_FILE = [
  '# write_file PATH LINE...: PATH gets exactly these lines; replaced only when they differ.',
  '# Returns 0 when it replaced the file, 1 when it was already right (or could not be written).',
  'write_file() {',
  '  target=$1',
  '  shift',
  '  tmp="$target.ackl2-tmp"',
  '  if ! mkdir -p "$(dirname "$target")"; then',
  '    warn "cannot create the directory of $target"',
  '    return 1',
  '  fi',
  '  if ! printf \'%s\\n\' "$@" > "$tmp"; then',
  '    warn "cannot write $tmp"',
  '    return 1',
  '  fi',
  '  if [ -f "$target" ] && [ "$(cat "$target")" = "$(cat "$tmp")" ]; then',
  '    rm -f "$tmp"',
  '    return 1',
  '  fi',
  '  if ! chmod 0644 "$tmp" || ! mv -f "$tmp" "$target"; then',
  '    warn "cannot install $target"',
  '    return 1',
  '  fi',
  '  log "wrote $target"',
  '}',
];

function modulesSection(modules: string[], used: Set<Command>): string[] {
  used.add('modprobe');
  return [
    '# Kernel modules the tunings need, loaded now and at every boot (before systemd-sysctl).',
    `write_file "$root${MODULES_FILE}" ${modules.map(shQuote).join(' ')}`,
    ...modules.map((module) => `"$modprobe_cmd" ${shQuote(module)} || warn ${shQuote(`cannot load kernel module ${module}`)}`),
  ];
}

function sysctlSection(sysctls: Array<[string, string]>, context: ScriptContext, used: Set<Command>): string[] {
  used.add('sysctl');
  const lines = [
    `# Written by ackl2 for node pool ${commentText(context.pool)}; do not edit.`,
    ...sysctls.map(([name, value]) => `${name} = ${value}`),
  ];
  return [
    '# Node sysctls: persisted for every boot, applied now.',
    `write_file "$root${SYSCTL_FILE}" \\`,
    ...lines.map((line, i) => `  ${shQuote(line)}${i < lines.length - 1 ? ' \\' : ''}`),
    `"$sysctl_cmd" -p "$root${SYSCTL_FILE}" >/dev/null || warn ${shQuote(`some sysctls of ${SYSCTL_FILE} did not apply`)}`,
  ];
}

interface DiskRule {
  /** udev KERNEL match. */
  kernel: string;
  /** Shell globs of /sys/block entries it covers. */
  globs: string[];
  attribute: 'scheduler' | 'read_ahead_kb';
  value: string;
}

/** Whole disks only (ENV{DEVTYPE}=="disk"); data disks are every disk but the first (the system disk). */
function udevRules(node: NodeTuning): DiskRule[] {
  const rules: DiskRule[] = [];
  if (node.ioScheduler) {
    const globs = node.ioScheduler.diskGlobs;
    rules.push({ kernel: globs.join('|'), globs, attribute: 'scheduler', value: node.ioScheduler.scheduler });
  }
  if (node.dataDiskReadAheadKb !== undefined) {
    const globs = ['vd[b-z]', 'xvd[b-z]', 'nvme[1-9]*n[0-9]*'];
    rules.push({ kernel: globs.join('|'), globs, attribute: 'read_ahead_kb', value: String(node.dataDiskReadAheadKb) });
  }
  return rules;
}

function udevSection(rules: DiskRule[], context: ScriptContext, used: Set<Command>): string[] {
  used.add('udevadm');
  const ruleLines = [
    `# Written by ackl2 for node pool ${commentText(context.pool)}; do not edit.`,
    ...rules.map(
      (rule) =>
        `ACTION=="add|change", SUBSYSTEM=="block", ENV{DEVTYPE}=="disk", KERNEL=="${rule.kernel}", ATTR{queue/${rule.attribute}}="${rule.value}"`,
    ),
  ];
  const out = [
    `# Disk tunings (${rules.map((rule) => (rule.attribute === 'scheduler' ? `${rule.value} I/O scheduler` : 'data-disk read-ahead')).join(', ')}): udev rules for every boot and new disk, applied now.`,
    `if write_file "$root${UDEV_RULES_FILE}" \\`,
    ...ruleLines.map((line, i) => `  ${shQuote(line)}${i < ruleLines.length - 1 ? ' \\' : '; then'}`),
    '  "$udevadm_cmd" control --reload || warn "udevadm could not reload the rules"',
    'fi',
  ];
  for (const rule of rules) {
    const expected = rule.attribute === 'scheduler' ? `[${rule.value}]` : rule.value;
    out.push(
      `for attribute in ${rule.globs.map((g) => `"$root"/sys/block/${g}/queue/${rule.attribute}`).join(' ')}; do`,
      '  [ -w "$attribute" ] || continue',
      `  case " $(cat "$attribute") " in *${shQuote(` ${expected} `)}*) continue ;; esac`,
      // A kernel without the scheduler lists no such entry: say so rather than fail silently.
      ...(rule.attribute === 'scheduler'
        ? [`  case " $(cat "$attribute") " in *${shQuote(` ${rule.value} `)}*) ;; *) warn "the kernel offers no ${rule.value} scheduler for $attribute; left as it is"; continue ;; esac`]
        : []),
      `  printf '%s\\n' ${shQuote(rule.value)} > "$attribute" || warn "cannot set $attribute"`,
      'done',
    );
  }
  return out;
}

/**
 * net.core.default_qdisc reaches qdiscs created later; interfaces that exist now (eth0) keep
 * theirs until a reboot, so the root qdisc of each physical interface without it is replaced.
 */
function rootQdiscSection(qdisc: 'fq', used: Set<Command>): string[] {
  used.add('tc');
  return [
    `# The ${qdisc} qdisc on interfaces that exist already (default_qdisc only reaches new ones): no reboot needed.`,
    'for link in "$root"/sys/class/net/*; do',
    '  [ -e "$link/device" ] || continue',
    '  dev=${link##*/}',
    `  case "$("$tc_cmd" qdisc show dev "$dev" 2>/dev/null)" in *${shQuote(`qdisc ${qdisc} `)}*) continue ;; esac`,
    `  if "$tc_cmd" qdisc replace dev "$dev" root ${qdisc}; then`,
    `    log "root qdisc of $dev is now ${qdisc}"`,
    '  else',
    `    warn "cannot set the ${qdisc} qdisc on $dev"`,
    '  fi',
    'done',
  ];
}

function bootArgsSection(args: string[], unlessPath: string | undefined, used: Set<Command>): string[] {
  const lines = bootArgsLines(args, used);
  if (unlessPath === undefined) return lines;
  return [
    `if [ -e "$root${unlessPath}" ]; then`,
    `  log ${shQuote(`${unlessPath} exists: the kernel already has what the boot arguments ${args.join(' ')} switch on; no reboot`)}`,
    'else',
    ...lines.map((line) => (line === '' ? line : `  ${line}`)),
    'fi',
  ];
}

function bootArgsLines(args: string[], used: Set<Command>): string[] {
  for (const command of ['grubby', 'systemctl', 'reboot'] as const) used.add(command);
  const joined = args.join(' ');
  return [
    `# Kernel boot arguments (${commentText(joined)}): they take a reboot. Rebooting now would cut the`,
    '# join short, so the reboot waits for kubelet; the marker (holding the boot id) keeps it to one.',
    'cmdline=$(cat "$root/proc/cmdline" 2>/dev/null || true)',
    "missing=''",
    `for arg in ${args.map(shQuote).join(' ')}; do`,
    '  case " $cmdline " in *" $arg "*) ;; *) missing="$missing $arg" ;; esac',
    'done',
    'if [ -n "$missing" ]; then',
    `  "$grubby_cmd" --update-kernel=ALL --args=${shQuote(joined)} || warn ${shQuote(`grubby could not add the boot arguments ${joined}`)}`,
    '  boot_id=$(cat "$root/proc/sys/kernel/random/boot_id" 2>/dev/null || echo unknown)',
    `  marker="$root${REBOOT_MARKER}"`,
    '  if [ ! -e "$marker" ]; then',
    '    if ! { mkdir -p "$(dirname "$marker")" && printf \'%s\\n\' "$boot_id" > "$marker"; }; then',
    '      warn "cannot write $marker"',
    '    fi',
    `    log ${shQuote(`kernel boot arguments added (${joined}): this node reboots once, after it has joined the cluster`)}`,
    '    (',
    '      checks=0',
    `      while [ "$checks" -lt ${KUBELET_WAIT.checks} ] && ! "$systemctl_cmd" is-active --quiet kubelet; do`,
    `        sleep ${KUBELET_WAIT.intervalSeconds}`,
    '        checks=$((checks + 1))',
    '      done',
    '      "$reboot_cmd"',
    '    ) </dev/null >/dev/null 2>&1 &',
    '  elif [ "$(cat "$marker")" = "$boot_id" ]; then',
    "    log 'the reboot for the kernel boot arguments is already scheduled'",
    '  else',
    '    warn "boot arguments still missing after the one reboot ackl2 allows:$missing; not rebooting again"',
    '  fi',
    'fi',
  ];
}
