import { DEVELOP_STAGES, type DevelopStage } from './development';
import { isCalendarDate } from './china-time';
import { memberStatusLabels } from '../model';

/**
 * The roster import's templates and the cleaning of what a school's spreadsheet holds (issue 12):
 * the page shows the templates and the server parses by them, so both read this one file.
 * Everything here is pure: cells in, records and row errors out.
 */

export const IMPORT_KINDS = ['students', 'members', 'places', 'counselors'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Kinds whose preview and apply are built (the function's planners); the others have templates only, so the page says so. */
export const OPEN_IMPORT_KINDS: readonly ImportKind[] = ['students', 'places', 'members', 'counselors'];

export interface TemplateColumn {
  key: string;
  /** The header the template carries. */
  header: string;
  /** Other titles schools use for the same column (matched after cleaning, like the header). */
  aliases?: readonly string[];
  required: boolean;
  /** The cell's example in the template's second row. */
  example: string;
}

export interface ImportTemplate {
  kind: ImportKind;
  title: string;
  /** What one row is, said on the page. */
  note: string;
  /** The columns whose values together identify a row (duplicates are found on them). */
  key: readonly string[];
  columns: readonly TemplateColumn[];
}

const stepColumns: TemplateColumn[] = (
  [
    ['applied', '入党申请', '2023-10-08'],
    ['activist', '积极分子', '2024-03-15'],
    ['candidate', memberStatusLabels.candidate, '2025-03-20'],
    ['probationary', memberStatusLabels.probationary, '2025-06-18'],
    ['full', '转正', ''],
  ] as const
).map(([key, header, example]) => ({ key: `step_${key}`, header, aliases: [`${header}日期`, `${header}时间`], required: false, example }));

export const IMPORT_TEMPLATES: Record<ImportKind, ImportTemplate> = {
  students: {
    kind: 'students',
    title: '学生',
    note: '每行一名学生，学号唯一；楼栋须已存在，房间不存在时按房间号自动创建',
    key: ['studentNo'],
    columns: [
      { key: 'studentNo', header: '学号', required: true, example: '2023010101' },
      { key: 'name', header: '姓名', required: true, example: '张三' },
      { key: 'college', header: '学院', aliases: ['院系', '学院名称'], required: false, example: '计算机学院' },
      { key: 'className', header: '班级', aliases: ['班级名称'], required: false, example: '计科2301' },
      { key: 'building', header: '楼栋', aliases: ['宿舍楼', '楼号', '楼宇'], required: true, example: '智园1号楼' },
      { key: 'room', header: '房间', aliases: ['房间号', '寝室', '寝室号', '宿舍号'], required: true, example: '301' },
    ],
  },
  members: {
    kind: 'members',
    title: '党员',
    note: '每行一名党员、发展对象或入党积极分子（须已在学生名单中）；支部、党小组须是其所在楼栋已建立的；发展各步的日期写成 2024-03-15，政治面貌有变化时须填写该步的日期',
    key: ['studentNo'],
    columns: [
      { key: 'studentNo', header: '学号', required: true, example: '2023010101' },
      { key: 'name', header: '姓名', required: false, example: '张三' },
      { key: 'status', header: '政治面貌', required: true, example: memberStatusLabels.probationary },
      { key: 'branch', header: '支部', aliases: ['党支部', '所在支部'], required: false, example: '智园1号楼党支部' },
      { key: 'group', header: '党小组', aliases: ['小组'], required: false, example: '智园1号楼3层党小组' },
      ...stepColumns,
    ],
  },
  places: {
    kind: 'places',
    title: '楼栋与房间',
    note: '每行一个房间；楼栋不存在时新建（楼层数必填）',
    key: ['building', 'room'],
    columns: [
      { key: 'building', header: '楼栋', aliases: ['宿舍楼', '楼号', '楼宇'], required: true, example: '智园1号楼' },
      { key: 'floors', header: '楼层数', aliases: ['层数', '楼层'], required: true, example: '6' },
      { key: 'room', header: '房间', aliases: ['房间号', '寝室', '寝室号', '宿舍号'], required: true, example: '301' },
    ],
  },
  counselors: {
    kind: 'counselors',
    title: '辅导员',
    note: '每行一名辅导员，工号唯一；尚未登录的辅导员生成邀请码，已登录的更新负责楼栋；负责多个楼栋时用顿号或逗号分隔；手机号不会公开显示',
    key: ['staffNo'],
    columns: [
      { key: 'staffNo', header: '工号', aliases: ['工号/账号', '职工号', '教工号', '账号', '工号或账号'], required: true, example: 'T2019001' },
      { key: 'name', header: '姓名', required: true, example: '王老师' },
      { key: 'phone', header: '手机', aliases: ['手机号', '手机号码', '联系电话', '电话'], required: false, example: '13800138000' },
      { key: 'buildings', header: '负责楼栋', aliases: ['楼栋', '负责的楼栋', '所在楼栋'], required: true, example: '智园1号楼、智园2号楼' },
    ],
  },
};

/** Full-width ASCII (Ａ１，) and the ideographic space, as a Chinese input method types them, made half-width. */
export function halfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** A cell as text: half-width, every run of blanks one space, none at either end. */
export function cleanCell(value: string): string {
  return halfWidth(value).replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
}

/** A header as it is compared: cleaned, without blanks, required marks or a bracketed remark (学号（必填）). */
export function headerKey(value: string): string {
  return cleanCell(value)
    .replace(/[(（\[【].*?[)）\]】]/g, '')
    .replace(/[\s*＊:：]/g, '');
}

/** A CSV file's rows (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export interface RowError {
  /** The row's number as the spreadsheet shows it (1-based). */
  row: number;
  message: string;
}

export interface ImportRecord {
  /** The spreadsheet's row number of this record (the first, when identical rows were collapsed). */
  row: number;
  values: Record<string, string>;
}

export interface ParsedSheet {
  records: ImportRecord[];
  errors: RowError[];
  /** Rows identical to an earlier one, collapsed into it: `row` repeats `of`. */
  collapsed: Array<{ row: number; of: number }>;
  headerRow: number;
}

/** How far down a header row may sit (titles, dates and notes above the table). */
export const HEADER_SEARCH_ROWS = 20;

/** At most this many row errors are kept and shown: a file with more is not this template's. */
export const ROW_ERRORS_KEPT = 200;

function columnIndexes(template: ImportTemplate, cells: string[]): Map<string, number> | null {
  const keys = cells.map(headerKey);
  const found = new Map<string, number>();
  for (const column of template.columns) {
    const names = [column.header, ...(column.aliases ?? [])].map(headerKey);
    const at = keys.findIndex((k) => names.includes(k));
    if (at >= 0) found.set(column.key, at);
  }
  return template.columns.every((c) => !c.required || found.has(c.key)) ? found : null;
}

/**
 * Finds the table in a sheet's rows by its titles (the first row holding every required header),
 * then reads each row below it into the template's keys, cleaned. Blank rows are skipped; rows
 * identical to an earlier one are collapsed; rows that share a key but differ are all refused.
 * `validate` checks and normalises one record's values (answering a message to refuse it).
 */
export function readSheet(template: ImportTemplate, rows: string[][], validate: (values: Record<string, string>) => string | Record<string, string>): ParsedSheet | { error: string } {
  let headerAt = -1;
  let columns: Map<string, number> | null = null;
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i += 1) {
    columns = columnIndexes(template, rows[i] ?? []);
    if (columns) {
      headerAt = i;
      break;
    }
  }
  if (!columns) {
    const wanted = template.columns.filter((c) => c.required).map((c) => c.header).join('、');
    return { error: `没有找到表头：前${HEADER_SEARCH_ROWS}行中没有同时含有 ${wanted} 的一行，请使用“${template.title}”模板` };
  }
  const errors: RowError[] = [];
  const byKey = new Map<string, { record: ImportRecord; signature: string }>();
  const conflicted = new Map<string, number[]>();
  const collapsed: ParsedSheet['collapsed'] = [];
  for (let i = headerAt + 1; i < rows.length; i += 1) {
    const cells = rows[i] ?? [];
    const row = i + 1;
    const raw: Record<string, string> = {};
    for (const [key, at] of columns) raw[key] = cleanCell(cells[at] ?? '');
    if (Object.values(raw).every((v) => v === '')) continue;
    const checked = validate(raw);
    if (typeof checked === 'string') {
      errors.push({ row, message: checked });
      continue;
    }
    const key = template.key.map((k) => checked[k]).join('\u0001');
    const signature = JSON.stringify(checked);
    const earlier = byKey.get(key);
    if (!earlier) {
      byKey.set(key, { record: { row, values: checked }, signature });
    } else if (earlier.signature === signature) {
      collapsed.push({ row, of: earlier.record.row });
    } else {
      conflicted.set(key, [...(conflicted.get(key) ?? [earlier.record.row]), row]);
    }
  }
  const what = template.key.map((k) => template.columns.find((c) => c.key === k)!.header).join('+');
  for (const [key, at] of conflicted) {
    byKey.delete(key);
    for (const row of at) errors.push({ row, message: `${what}与第${at.filter((r) => r !== row).join('、')}行相同但内容不同，请只保留正确的一行` });
  }
  errors.sort((a, b) => a.row - b.row);
  const records = [...byKey.values()].map((v) => v.record).sort((a, b) => a.row - b.row);
  return { records, errors, collapsed, headerRow: headerAt + 1 };
}

export const STUDENT_NO_PATTERN = /^[0-9]{6,14}$/;

/** Codes are typed with stray blanks ("2023 0101 01"): blanks go, nothing else changes. */
const compact = (v: string) => v.replace(/\s/g, '');

/** A name keeps a blank only between Latin letters (a foreign student's name); "张 三" is 张三. */
export function cleanName(v: string): string {
  return v.replace(/(?<![A-Za-z]) | (?![A-Za-z])/g, '');
}

/**
 * A room number as stored: digits with an optional letter (301, 1203, 301A), read from what schools
 * write (301室, 301号, 0301 keeps its zero). Null when it is not clearly one room.
 */
export function cleanRoomNumber(v: string): string | null {
  const n = compact(v).toUpperCase().replace(/(寝室|宿舍|室|号|房)$/, '');
  return /^[0-9]{3,4}[A-Z]?$/.test(n) ? n : null;
}

/** The floor a room number says: all but its last two digits (301 -> 3, 1203 -> 12). */
export function floorOfRoom(number: string): number {
  return Number.parseInt(number.replace(/[A-Z]$/, '').slice(0, -2), 10);
}

/** What schools write in 政治面貌 for each stage a member can hold. */
export const STATUS_WORDS: Record<string, Exclude<DevelopStage, 'applied'>> = {
  中共党员: 'full',
  正式党员: 'full',
  党员: 'full',
  中共预备党员: 'probationary',
  预备党员: 'probationary',
  发展对象: 'candidate',
  入党积极分子: 'activist',
  积极分子: 'activist',
};

/** A date as schools write it (2024-03-15, 2024/3/15, 2024.3.15, 2024年3月15日, 20240315) as YYYY-MM-DD, or null. */
export function cleanDate(v: string): string | null {
  const t = compact(v);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const date = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isCalendarDate(date) ? date : null;
}

/**
 * Changes per apply call (one transaction): new documents go in one insert per collection, so 500
 * fit; a member row reads and writes several documents (roster, timeline, profile, points mark), so
 * 100 keep the chunk well inside CloudBase's 30 s transaction life on a loaded machine.
 */
/**
 * An import's files (the uploaded sheet and the stored plan) hold names and student numbers: the nightly
 * sweep deletes them this many days after the preview (a job not finished by then is previewed again).
 */
export const IMPORT_FILES_LIFE_DAYS = 7;
export const APPLY_CHUNK = 500;
export const MEMBER_APPLY_CHUNK = 100;
export const applyChunkOf = (kind: ImportKind) => (kind === 'members' ? MEMBER_APPLY_CHUNK : APPLY_CHUNK);

/** An invite the counselors import makes lasts as long as the longest one an admin can make by hand (account.createInvite). */
export const IMPORT_INVITE_HOURS = 168;

/** A staff number (工号) as stored: letters upper-cased, blanks gone. */
export const STAFF_NO_PATTERN = /^[A-Z0-9_-]{2,32}$/;

/** A mainland mobile number (+86, blanks and dashes allowed around it) as 11 digits; '' for none; null when it is not one. */
export function cleanPhone(v: string): string | null {
  const t = compact(v).replace(/-/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  if (!t) return '';
  return /^1[3-9]\d{9}$/.test(t) ? t : null;
}

/** A phone as the admin's diff shows it: never whole (138****8000). */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone ? '****' : '';
}

/** Splits a list cell (负责楼栋): Chinese and Latin commas, 顿号, semicolons and slashes. */
export function splitList(v: string): string[] {
  return v
    .split(/[,，、;；/]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export const validators: Record<ImportKind, (v: Record<string, string>) => string | Record<string, string>> = {
  students(v) {
    const studentNo = compact(v.studentNo);
    if (!STUDENT_NO_PATTERN.test(studentNo)) return `学号“${v.studentNo}”应为6到14位数字`;
    const name = cleanName(v.name);
    if (!name) return '姓名不能为空';
    if (name.length > 20 || !/^[\p{L}·•. ]+$/u.test(name)) return `姓名“${v.name}”只能包含文字（最多20个字）`;
    if (!v.building) return '楼栋不能为空';
    const room = cleanRoomNumber(v.room);
    if (!room) return `房间“${v.room}”不是清楚的房间号（如 301、1203）`;
    return { studentNo, name, college: v.college ?? '', className: compact(v.className ?? ''), building: compact(v.building), room };
  },
  members(v) {
    const studentNo = compact(v.studentNo);
    if (!STUDENT_NO_PATTERN.test(studentNo)) return `学号“${v.studentNo}”应为6到14位数字`;
    const status = STATUS_WORDS[compact(v.status)];
    if (!status) return `政治面貌“${v.status}”不是党员、预备党员、发展对象或入党积极分子`;
    const name = cleanName(v.name ?? '');
    const out: Record<string, string> = { studentNo, name, status, branch: compact(v.branch ?? ''), group: compact(v.group ?? '') };
    let last = '';
    for (const stage of DEVELOP_STAGES) {
      const raw = v[`step_${stage}`] ?? '';
      if (!raw) continue;
      const date = cleanDate(raw);
      const header = IMPORT_TEMPLATES.members.columns.find((c) => c.key === `step_${stage}`)!.header;
      if (!date) return `${header}日期“${raw}”看不懂，请写成 2024-03-15`;
      if (date < last) return `${header}日期早于前一步`;
      if (DEVELOP_STAGES.indexOf(stage) > DEVELOP_STAGES.indexOf(status)) return `政治面貌是“${v.status}”，不应有“${header}”日期`;
      out[`step_${stage}`] = date;
      last = date;
    }
    return out;
  },
  places(v) {
    if (!v.building) return '楼栋不能为空';
    const floors = Number.parseInt(compact(v.floors), 10);
    if (!/^[0-9]{1,2}$/.test(compact(v.floors)) || floors < 1 || floors > 60) return `楼层数“${v.floors}”应为1到60的整数`;
    const room = cleanRoomNumber(v.room);
    if (!room) return `房间“${v.room}”不是清楚的房间号（如 301、1203）`;
    const floor = floorOfRoom(room);
    if (floor < 1 || floor > floors) return `房间${room}在第${floor}层，超出楼层数${floors}`;
    return { building: compact(v.building), floors: String(floors), room };
  },
  counselors(v) {
    const staffNo = compact(v.staffNo).toUpperCase();
    if (!STAFF_NO_PATTERN.test(staffNo)) return `工号“${v.staffNo}”只能是2到32位字母、数字、下划线或短横线`;
    const name = cleanName(v.name);
    if (!name) return '姓名不能为空';
    if (name.length > 20 || !/^[\p{L}·•. ]+$/u.test(name)) return `姓名“${v.name}”只能包含文字（最多20个字）`;
    const phone = cleanPhone(v.phone ?? '');
    if (phone === null) return `手机“${compact(v.phone ?? '')}”不是11位手机号`;
    const buildings = splitList(v.buildings).map(compact);
    if (buildings.length === 0) return '负责楼栋不能为空';
    if (buildings.length > 20) return '一位辅导员最多负责20个楼栋';
    return { staffNo, name, phone, buildings: [...new Set(buildings)].join('、') };
  },
};

/** Reads a sheet of one kind: the header row found, cells cleaned, rows checked, duplicates handled. */
export function readImport(kind: ImportKind, rows: string[][]): ParsedSheet | { error: string } {
  return readSheet(IMPORT_TEMPLATES[kind], rows, validators[kind]);
}

/** One line of the diff a dry run answers, in file order; `left` lines follow the file's. */
export type ChangeKind = 'added' | 'changed' | 'moved' | 'left' | 'roomCreated' | 'buildingCreated' | 'notListed';

export const CHANGE_KINDS: readonly ChangeKind[] = ['added', 'changed', 'moved', 'left', 'roomCreated', 'buildingCreated', 'notListed'];

export const changeKindLabels: Record<ChangeKind, string> = {
  added: '新增',
  changed: '信息变更',
  moved: '调换寝室',
  left: '不在名单中（标记离校）',
  roomCreated: '新建房间',
  buildingCreated: '新建楼栋',
  notListed: '不在本名单中（仅列出，不做修改）',
};

/** Fields a student's roster entry carries, as the diff shows them (`room` is "楼栋 房间"). */
export const studentFieldLabels: Record<string, string> = { name: '姓名', college: '学院', className: '班级', room: '寝室' };

/** Fields a member row changes (the diff's keys): 政治面貌, 支部, 党小组 and each step's date (`step_<stage>`). */
export const memberFieldLabels: Record<string, string> = {
  status: '政治面貌',
  branch: '支部',
  group: '党小组',
  ...Object.fromEntries(stepColumns.map((c) => [c.key, `${c.header}日期`])),
};

/** Fields a counselor row changes; `invite` is the code made for one who has not signed in (shown once applied). */
export const counselorFieldLabels: Record<string, string> = { name: '姓名', phone: '手机', buildings: '负责楼栋', invite: '邀请码', account: '账号' };

/** Every field label of the diff, whatever the kind. */
export const importFieldLabels: Record<string, string> = { ...studentFieldLabels, ...memberFieldLabels, ...counselorFieldLabels };

export const roomLabel = (building: string, number: string) => `${building} ${number}`;
