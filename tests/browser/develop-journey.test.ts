import { signInAs, startSite, type Site } from './harness';

/**
 * The development records journey (issue 11, point 4), in a real browser on the h5 build with demo
 * data: a counselor finds a probationary member by 学号 on 发展党员 and records the conversion; the
 * 公示 appears on the building's wall, where a student of the building raises an objection; the
 * counselor reads it under 公示异议 and answers it.
 */
let site: Site;

beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site?.stop());

describe('journey: a conversion with its 公示 and an objection', () => {
  // Taps are dispatched on the element: below the fold of the test's viewport, the h5 pull-to-refresh
  // wrapper sits over a plain click's coordinates (the modal's 确定 is fixed, so it is clicked).
  it('records 转正, shows the notice on the wall, takes an objection and its answer', async () => {
    const db = site.server.db;
    const { data: [first] } = await db.collection('users').where({ openid: 'demo-counselor-1' }).limit(1).get();
    const buildingId = first.buildingIds[0] as string;
    const { data: [building] } = await db.collection('buildings').doc(buildingId).get();
    // A probationary member of the building whose room is not flagged, and a bound student of the building.
    const { data: probationers } = await db.collection('members').where({ buildingId, status: 'probationary' }).limit(50).get();
    let person: { _id: string; name: string; rosterId: string } | undefined;
    for (const m of probationers) {
      const { data: [state] } = await db.collection('inspections_rooms').doc(m.roomId).get();
      if (!state?.flagged) {
        person = m;
        break;
      }
    }
    if (!person) throw new Error('no probationary member in an unflagged room in the demo data');
    const { data: [roster] } = await db.collection('roster').doc(person.rosterId).get();
    const { data: students } = await db.collection('users').where({ role: 'student', buildingId }).limit(20).get();
    const student = students.find((u: { rosterId: string }) => u.rosterId !== person!.rosterId);
    if (!student) throw new Error('no bound student in the building in the demo data');

    // (1) The counselor records the conversion, dated today, with the default 7-day 公示.
    const counselor = await site.newPage();
    await signInAs(site, counselor, 'demo-counselor-1');
    await counselor.goto(`${site.server.url}#/counselor/develop/index`);
    // The page opens on the building's 名单; a search by 学号 is under 发展记录.
    await counselor.getByText('发展记录', { exact: true }).last().dispatchEvent('click');
    await counselor.locator('input[placeholder="6到14位数字"]').last().fill(roster.studentNo);
    await counselor.getByText('查看', { exact: true }).last().dispatchEvent('click');
    await counselor.getByText('下一步：转为正式党员', { exact: true }).waitFor();
    await counselor.getByText('记录', { exact: true }).last().dispatchEvent('click');
    await counselor.getByText('确定', { exact: true }).last().click();
    await counselor.getByText('公示中', { exact: true }).first().waitFor();
    const { data: [member] } = await db.collection('members').doc(person._id).get();
    expect(member.status).toBe('full');

    // (2) A student of the building sees the 公示 on the wall and objects.
    const page = await site.newPage();
    await signInAs(site, page, student.openid);
    await page.goto(`${site.server.url}#/pages/wall/index?buildingId=${encodeURIComponent(buildingId)}`);
    const notice = page.locator('.card', { hasText: `${person.name} · 转为正式党员` }).last();
    await notice.waitFor();
    await notice.getByText('提出异议', { exact: true }).dispatchEvent('click');
    await page.locator('textarea[placeholder="请写明事实、时间和地点"]').last().fill('该同学本学期志愿服务时长记录存疑，请核实');
    await page.getByText('提交', { exact: true }).last().dispatchEvent('click');
    await page.getByText('已提交，辅导员会核实答复', { exact: false }).waitFor();

    // (3) The counselor reads it under 公示异议 and answers.
    await counselor.goto(`${site.server.url}#/counselor/develop/index`);
    await counselor.reload();
    await counselor.getByText('公示异议', { exact: true }).last().dispatchEvent('click');
    await counselor.getByText(building.name, { exact: true }).last().dispatchEvent('click');
    await counselor.getByText('该同学本学期志愿服务时长记录存疑，请核实', { exact: true }).waitFor();
    await counselor.locator('textarea[placeholder="核实情况及处理意见（提出人可见）"]').last().fill('已核对活动签到记录，时长属实');
    await counselor.getByText('答复', { exact: true }).last().dispatchEvent('click');
    await counselor.getByText('没有待答复的异议', { exact: true }).waitFor();
    const { data: objections } = await db.collection('develop_objections').where({ noticeRosterId: person.rosterId }).limit(10).get();
    expect(objections).toMatchObject([{ status: 'answered', answer: '已核对活动签到记录，时长属实' }]);
  });
});
