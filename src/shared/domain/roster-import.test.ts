import { cleanCell, cleanDate, cleanName, cleanPhone, cleanRoomNumber, floorOfRoom, halfWidth, headerKey, IMPORT_TEMPLATES, maskPhone, parseCsv, readImport } from './roster-import';
import { planCounselors, planMembers, planPlaces, planStudents, type MemberNow, type StudentNow } from './roster-import-plan';

describe('cleaning cells', () => {
  it.each([
    ['２０２３０１０１', '20230101'],
    ['ＡＢ１２', 'AB12'],
    ['张\u3000三', '张 三'],
  ])('makes %s half-width', (raw, out) => expect(halfWidth(raw)).toBe(out));

  it('trims and collapses blanks, non-breaking and zero-width ones too', () => {
    expect(cleanCell('  计算机\u00a0 学院\u200b ')).toBe('计算机 学院');
  });

  it('matches headers without blanks, required marks or remarks', () => {
    expect(headerKey('学 号*')).toBe('学号');
    expect(headerKey('房间号（必填）')).toBe('房间号');
    expect(headerKey('姓名：')).toBe('姓名');
  });

  it.each([
    ['张 三', '张三'],
    ['欧阳 娜娜', '欧阳娜娜'],
    ['John Smith', 'John Smith'],
    ['阿依古丽·买买提', '阿依古丽·买买提'],
  ])('cleans the name %s', (raw, out) => expect(cleanName(raw)).toBe(out));

  it.each([
    ['301', '301'],
    ['３０１', null],
    ['301室', '301'],
    ['1203号', '1203'],
    ['301a', '301A'],
    ['3-301', null],
    ['30', null],
    ['三零一', null],
  ])('reads the room number %s as %s', (raw, out) => expect(cleanRoomNumber(raw)).toBe(out));

  it('finds the floor in a room number', () => {
    expect(floorOfRoom('301')).toBe(3);
    expect(floorOfRoom('1203')).toBe(12);
    expect(floorOfRoom('301A')).toBe(3);
  });

  it.each([
    ['2024-03-15', '2024-03-15'],
    ['2024/3/5', '2024-03-05'],
    ['2024.3.5', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['20240305', '2024-03-05'],
    ['2024-02-30', null],
    ['去年三月', null],
  ])('reads the date %s as %s', (raw, out) => expect(cleanDate(raw)).toBe(out));
});

describe('CSV', () => {
  it('reads quoted fields with commas, quotes and line breaks, and CRLF rows', () => {
    expect(parseCsv('a,"b,c","d""e"\r\n"f\ng",h\n')).toEqual([['a', 'b,c', 'd"e'], ['f\ng', 'h']]);
  });
});

describe('reading a sheet', () => {
  const rows = [
    ['学生名单'],
    ['', '', ''],
    ['学号', '姓名', '楼栋', '房间号', '备注'],
    ['2023 0101 01', ' 张 三 ', '智园1号楼', '３０１', 'x'],
    ['2023010101', '张三', '智园1号楼', '301', 'y'],
    [],
    ['2023010102', '李四', '智园1号楼', '302'],
    ['2023010102', '李五', '智园1号楼', '302'],
    ['12', '王五', '智园1号楼', '302'],
  ];

  it('finds the header row by its titles, collapses identical rows, refuses conflicting and bad ones by row', () => {
    const out = readImport('students', rows);
    if ('error' in out) throw new Error(out.error);
    expect(out.headerRow).toBe(3);
    expect(out.records).toEqual([{ row: 4, values: { studentNo: '2023010101', name: '张三', college: '', className: '', building: '智园1号楼', room: '301' } }]);
    expect(out.collapsed).toEqual([{ row: 5, of: 4 }]);
    expect(out.errors).toEqual([
      { row: 7, message: '学号与第8行相同但内容不同，请只保留正确的一行' },
      { row: 8, message: '学号与第7行相同但内容不同，请只保留正确的一行' },
      { row: 9, message: '学号“12”应为6到14位数字' },
    ]);
  });

  it('says which headers it looked for when there is no table', () => {
    expect(readImport('students', [['a', 'b']])).toEqual({ error: expect.stringContaining('学号、姓名、楼栋、房间') });
  });

  it('checks members: status words, dates in order and none beyond the status', () => {
    const header = IMPORT_TEMPLATES.members.columns.map((c) => c.header);
    const out = readImport('members', [
      header,
      ['2023010101', '张 三', '中共预备党员', '一支部', '', '2023/10/8', '2024.3.15', '2025-03-20', '2025年6月18日', ''],
      ['2023010102', '', '群众', '', '', '', '', '', '', ''],
      ['2023010103', '', '积极分子', '', '', '2024-05-01', '2024-03-01', '', '', ''],
      ['2023010104', '', '积极分子', '', '', '', '2024-03-01', '2025-01-01', '', ''],
    ]);
    if ('error' in out) throw new Error(out.error);
    expect(out.records[0].values).toMatchObject({ name: '张三', status: 'probationary', step_applied: '2023-10-08', step_activist: '2024-03-15', step_candidate: '2025-03-20', step_probationary: '2025-06-18' });
    expect(out.errors.map((e) => e.row)).toEqual([3, 4, 5]);
    expect(out.errors[2].message).toBe('政治面貌是“积极分子”，不应有“发展对象”日期');
  });

  it('checks buildings and rooms against the floors', () => {
    const out = readImport('places', [['楼栋', '楼层数', '房间'], ['智园3号楼', '６', '601'], ['智园3号楼', '6', '701']]);
    if ('error' in out) throw new Error(out.error);
    expect(out.records.map((r) => r.values)).toEqual([{ building: '智园3号楼', floors: '6', room: '601' }]);
    expect(out.errors).toEqual([{ row: 3, message: '房间701在第7层，超出楼层数6' }]);
  });
});

describe('planning students', () => {
  const a = { id: 'ba', name: '智园1号楼', floors: 6 };
  const stored = (o: Partial<StudentNow>): StudentNow => ({ rosterId: 'st-1', memberId: null, studentNo: '2023010101', name: '张三', college: '', className: '', buildingId: 'ba', roomId: 'ra301', left: false, ...o });
  const look = (roster: StudentNow[]) => ({
    buildingsByName: new Map([['智园1号楼', [a]]]),
    roomIds: new Map([['ba|301', 'ra301'], ['ba|302', 'ra302']]),
    roomLabels: new Map([['ra301', '智园1号楼 301'], ['ra302', '智园1号楼 302']]),
    roster: new Map(roster.map((s) => [s.studentNo, s])),
  });
  const rec = (row: number, v: Partial<Record<string, string>>) => ({ row, values: { studentNo: '2023010101', name: '张三', college: '', className: '', building: '智园1号楼', room: '301', ...v } as Record<string, string> });

  it('adds with deterministic ids, creates a missing room once, and says nothing for the unchanged', () => {
    const plan = planStudents([rec(2, { studentNo: '2023010109' }), rec(3, { studentNo: '2023010110', room: '305' }), rec(4, { studentNo: '2023010111', room: '305' }), rec(5, {})], look([stored({})]), false);
    expect(plan.changes.map((c) => [c.kind, c.row, c.ids.rosterId ?? c.ids.roomId])).toEqual([
      ['added', 2, 'rs-2023010109'],
      ['roomCreated', 3, 'ba-305'],
      ['added', 3, 'rs-2023010110'],
      ['added', 4, 'rs-2023010111'],
    ]);
    expect(plan.unchanged).toBe(1);
  });

  it('changes and moves with before and after, keeps what an empty optional cell leaves out', () => {
    const plan = planStudents([rec(2, { name: '张珊', room: '302' })], look([stored({ college: '计算机学院' })]), false);
    expect(plan.changes.map((c) => [c.kind, c.before, c.after])).toEqual([
      ['changed', { name: '张三' }, { name: '张珊' }],
      ['moved', { room: '智园1号楼 301' }, { room: '智园1号楼 302' }],
    ]);
  });

  it('marks the missing of a full roster left, never the already left, and refuses reviving by row', () => {
    const plan = planStudents([rec(2, { studentNo: '2023010102' })], look([stored({}), stored({ rosterId: 'st-2', studentNo: '2023010102', left: true }), stored({ rosterId: 'st-3', studentNo: '2023010103', left: true })]), true);
    expect(plan.changes.map((c) => [c.kind, c.subject])).toEqual([['left', '2023010101']]);
    expect(plan.errors).toEqual([{ row: 2, message: '学号2023010102（张三）已标记离校，导入不能恢复，请由管理员核实后处理' }]);
    expect(planStudents([], look([stored({})]), false).changes).toEqual([]);
  });

  it('refuses unknown or ambiguous buildings and rooms beyond the floors', () => {
    const l = look([]);
    l.buildingsByName.set('同名楼', [a, { ...a, id: 'bb' }]);
    const plan = planStudents([rec(2, { building: '不存在楼' }), rec(3, { building: '同名楼' }), rec(4, { room: '901' })], l, false);
    expect(plan.errors.map((e) => e.row)).toEqual([2, 3, 4]);
    expect(plan.changes).toEqual([]);
  });
});

describe('planning places', () => {
  it('creates a new building once in the one community, its rooms, and refuses floors that disagree', () => {
    const records = [
      { row: 2, values: { building: '智园3号楼', floors: '6', room: '101' } },
      { row: 3, values: { building: '智园3号楼', floors: '6', room: '102' } },
      { row: 4, values: { building: '智园3号楼', floors: '5', room: '103' } },
      { row: 5, values: { building: '智园1号楼', floors: '6', room: '301' } },
      { row: 6, values: { building: '智园1号楼', floors: '6', room: '302' } },
    ];
    const plan = planPlaces(records, {
      buildingsByName: new Map([['智园1号楼', [{ id: 'ba', name: '智园1号楼', floors: 6 }]]]),
      roomIds: new Map([['ba|301', 'ra301']]),
      community: { id: 'c1', name: '智园社区' },
      newBuildingId: (name) => `bd-${name.length}`,
      sortKey: (c, b) => `${c} ${b}`,
    });
    expect(plan.changes.map((c) => [c.kind, c.row, c.subject])).toEqual([
      ['buildingCreated', 2, '智园3号楼'],
      ['roomCreated', 2, '智园3号楼 101'],
      ['roomCreated', 3, '智园3号楼 102'],
      ['roomCreated', 6, '智园1号楼 302'],
    ]);
    expect(plan.errors).toEqual([{ row: 4, message: '智园3号楼的楼层数5与第2行的6不一致' }]);
    expect(plan.unchanged).toBe(1);
  });
});

describe('phones and counselors', () => {
  it.each([
    ['138 0013 8000', '13800138000'],
    ['+86 139-0013-9000', '13900139000'],
    ['', ''],
    ['12345', null],
    ['010-62751234', null],
  ])('reads the phone %s', (raw, out) => expect(cleanPhone(raw)).toBe(out));

  it('masks a phone for the diff and the audit', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('')).toBe('');
  });

  it('reads a counselor row: 工号 upper-cased, buildings split and deduplicated', () => {
    const out = readImport('counselors', [['工号', '姓名', '手机号', '负责楼栋'], ['t001 ', '王老师', '', '智园1号楼，智园2号楼、智园1号楼'], ['T002', '李老师', '123', '智园1号楼']]);
    if ('error' in out) throw new Error(out.error);
    expect(out.records[0].values).toEqual({ staffNo: 'T001', name: '王老师', phone: '', buildings: '智园1号楼、智园2号楼' });
    expect(out.errors).toEqual([{ row: 3, message: '手机“123”不是11位手机号' }]);
  });

  it('plans by 工号: an account updated, an open invite updated, otherwise a new invite', () => {
    const building = { id: 'ba', name: '智园1号楼', floors: 6 };
    const rec = (row: number, staffNo: string) => ({ row, values: { staffNo, name: '王老师', phone: '', buildings: '智园1号楼' } });
    const plan = planCounselors([rec(2, 'T001'), rec(3, 'T002'), rec(4, 'T003'), rec(5, 'T004')], {
      users: new Map([
        ['T001', { id: 'u1', role: 'counselor', name: '王老师', phone: null, buildingIds: [], left: false }],
        ['T004', { id: 'u4', role: 'admin', name: '孙主任', phone: null, buildingIds: [], left: false }],
      ]),
      invites: new Map([['T002', { code: 'C2', name: '王老师', phone: null, buildingIds: ['ba'] }]]),
      buildingsByName: new Map([['智园1号楼', [building]]]),
      buildingNames: new Map([['ba', '智园1号楼']]),
      newInviteCode: () => 'NEWCODE',
    }, false);
    expect(plan.changes.map((c) => [c.kind, c.subject, c.counselor?.target, c.counselor?.id])).toEqual([
      ['changed', 'T001', 'user', 'u1'],
      ['added', 'T003', 'newInvite', 'NEWCODE'],
    ]);
    expect(plan.unchanged).toBe(1);
    expect(plan.errors).toEqual([{ row: 5, message: '工号T004已属于一个不是辅导员的账号（孙主任），请核对' }]);
  });
});

describe('planning members', () => {
  const person = (o: Partial<MemberNow> = {}): MemberNow => ({
    rosterId: 'rs-1', studentNo: '2023010101', name: '张三', buildingId: 'ba', buildingName: '智园1号楼', roomId: 'ra301', roomNumber: '301', floor: 3,
    left: false, rosterStatus: null, member: null, person: null, ...o,
  });
  const look = (p: MemberNow) => ({
    people: new Map([[p.studentNo, p]]),
    branches: new Map([['ba', [{ id: 'br1', name: '一支部' }]]]),
    groups: new Map([['ba', [{ id: 'g1', name: '三层小组', branchId: 'br1' }]]]),
    stepIds: new Set<string>(),
    today: '2026-12-02',
  });
  const rec = (v: Record<string, string>) => [{ row: 2, values: { studentNo: '2023010101', name: '', status: 'activist', branch: '', group: '', ...v } }];

  it('a group alone names its branch; the new dates become steps with deterministic ids', () => {
    const plan = planMembers(rec({ group: '三层小组', step_applied: '2024-09-01', step_activist: '2025-03-01' }), look(person()), false);
    expect(plan.errors).toEqual([]);
    expect(plan.changes[0]).toMatchObject({ kind: 'added', member: { status: 'activist', branch: { id: 'br1' }, group: { id: 'g1' }, steps: [{ id: 'imp-rs-1-applied' }, { id: 'imp-rs-1-activist' }] } });
  });

  it('refuses a development step for a resident of a flagged room (seed 004), not an activist', () => {
    const flagged = person({ flag: { roomLabel: '智园1号楼 301', deadline: '2026-12-20' } });
    expect(planMembers(rec({ status: 'candidate', step_activist: '2025-03-01', step_candidate: '2025-09-01' }), look(flagged), false).errors[0].message).toContain('一票否决');
    expect(planMembers(rec({ step_activist: '2025-03-01' }), look(flagged), false).errors).toEqual([]);
  });

  it('refuses a date after today and a status change without its date', () => {
    expect(planMembers(rec({ step_activist: '2027-01-01' }), look(person()), false).errors).toEqual([{ row: 2, message: '积极分子日期2027-01-01晚于今天' }]);
    expect(planMembers(rec({ status: 'candidate', step_activist: '2025-03-01' }), look(person()), false).errors[0].message).toContain('请填写“发展对象”日期');
  });
});
