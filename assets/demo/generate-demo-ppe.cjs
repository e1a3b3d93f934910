// One-off generator of assets/demo/demo-ppe.json (deterministic). Kept out of the repo: the JSON is the asset.
let seed = 20261124;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (a) => a[Math.floor(rnd() * a.length)];
const maleLast = ['Иванов','Смирнов','Кузнецов','Попов','Васильев','Петров','Соколов','Михайлов','Новиков','Фёдоров','Морозов','Волков','Алексеев','Лебедев','Семёнов','Егоров','Павлов','Козлов','Степанов','Николаев','Орлов','Андреев','Макаров','Никитин','Захаров','Зайцев','Соловьёв','Борисов','Яковлев','Григорьев'];
const maleFirst = ['Александр','Дмитрий','Максим','Сергей','Андрей','Алексей','Артём','Илья','Кирилл','Михаил','Никита','Матвей','Роман','Егор','Арсений','Иван','Денис','Евгений','Тимофей','Владислав'];
const femFirst = ['Анастасия','Мария','Анна','Виктория','Екатерина','Наталья','Марина','Полина','Дарья','Алина','Ксения','Елизавета','Софья','Валерия','Ульяна','Вероника','Арина','Юлия','Алёна','Кристина'];
const malePat = ['Александрович','Дмитриевич','Сергеевич','Андреевич','Алексеевич','Михайлович','Игоревич','Викторович','Владимирович','Олегович','Евгеньевич','Николаевич'];
const femPat = malePat.map(p => p.replace(/ич$/, 'на'));
const femLast = (l) => l.endsWith('ий') ? l.slice(0,-2)+'ая' : l + 'а';
function person(female) {
  const last = pick(maleLast);
  return female ? { lastName: femLast(last), firstName: pick(femFirst), middleName: pick(femPat) }
                : { lastName: last, firstName: pick(maleFirst), middleName: pick(malePat) };
}
const participants = [];
for (let i = 0; i < 60; i++) {
  const p = person(i % 2 === 1);
  participants.push({ id: `P-42-${String(100231 + i * 7)}`, ...p,
    document: { series: String(3200 + Math.floor(rnd() * 30)), number: String(100000 + Math.floor(rnd() * 899999)) } });
}
const staffPlan = [[1,null],[5,null],[5,null],[7,null],[2,'0101'],[2,'0101'],[2,'0102'],[2,'0102'],[2,'0103'],[2,'0103'],[3,null],[3,null],[3,null],[4,'0103'],[6,null]];
const staff = staffPlan.map(([role], i) => ({ id: `W-42-${String(5001 + i)}`, ...person(i % 3 === 1), roleCode: role }));
const rooms = [['0101', 25], ['0102', 25], ['0103', 10]];
function seatLabel(n) { const row = Math.floor(n / 5) + 1; return `${row}${'АБВГД'[n % 5]}`; }
function seating(indices, specialIdx) {
  // Participants with special conditions sit in 0103 (the room for ОВЗ); the rest fill 0101, then 0102.
  const out = []; const counters = { '0101': 0, '0102': 0, '0103': 0 };
  for (const i of indices) {
    const special = specialIdx.get(i);
    const room = special ? '0103' : (counters['0101'] < 25 ? '0101' : '0102'); if (counters[room] >= (room === '0103' ? 10 : 25)) throw new Error('overfull ' + room);
    out.push({ participant: i, auditoriumCode: room, seat: seatLabel(counters[room]++), specialConditions: special ?? [] });
  }
  return out;
}
const special = new Map([[3, ['extended_time','separate_room']], [17, ['extended_time','assistant']], [29, ['extended_time','large_print']], [44, ['extended_time','medical_break']]]);
const all = [...Array(60).keys()];
const staffAssignments = staffPlan.map(([role, room], i) => ({ staff: i, roleCode: role, auditoriumCode: room }));
const exams = [
  { dayOffset: -2, subjectCode: 2, subjectName: 'Математика (профильный уровень)', form: 'EGE', period: 'main', dayKind: 'main', durationMin: 235, seeded: true, seating: seating(all.filter(i => i % 4 !== 0), special), staffAssignments },
  { dayOffset: 0, subjectCode: 1, subjectName: 'Русский язык', form: 'EGE', period: 'main', dayKind: 'main', durationMin: 210, seeded: true, seating: seating(all.filter(i => i % 10 !== 8), special), staffAssignments },
  { dayOffset: 2, subjectCode: 12, subjectName: 'Обществознание', form: 'EGE', period: 'main', dayKind: 'main', durationMin: 210, seeded: false, seating: seating(all.filter(i => i % 3 !== 2), special), staffAssignments },
  { dayOffset: 6, subjectCode: 3, subjectName: 'Физика', form: 'EGE', period: 'main', dayKind: 'main', durationMin: 235, seeded: false, seating: seating(all.filter(i => i % 2 === 0), new Map([[44, ['extended_time','medical_break']]])), staffAssignments },
  { dayOffset: 9, subjectCode: 1, subjectName: 'Русский язык', form: 'EGE', period: 'main', dayKind: 'reserve', durationMin: 210, seeded: false, seating: seating([5, 12, 33, 41], new Map()), staffAssignments: staffAssignments.filter(a => a.auditoriumCode !== '0102' && a.auditoriumCode !== '0103') },
];
const data = {
  region: { code: '42', name: 'Кемеровская область — Кузбасс' },
  ppe: { code: '0412', name: 'МБОУ «Средняя общеобразовательная школа № 41» (учебный ППЭ)', address: 'г. Кемерово, ул. Весенняя, д. 12', timeZone: 'Asia/Novokuznetsk' },
  rcoiPublicKey: process.argv[2],
  rcoiUrl: 'http://127.0.0.1:4710',
  rcoiEnrolmentCode: 'DEMO-0412-2026',
  thisStation: '100001',
  auditoriums: [
    { code: '0101', name: 'Аудитория 101', seats: 25, isHeadquarters: false, specialConditions: false },
    { code: '0102', name: 'Аудитория 102', seats: 25, isHeadquarters: false, specialConditions: false },
    { code: '0103', name: 'Аудитория 103 (особые условия)', seats: 10, isHeadquarters: false, specialConditions: true },
    { code: '7777', name: 'Штаб ППЭ', seats: 0, isHeadquarters: true, specialConditions: false },
  ],
  stations: [
    { number: '100001', role: 'authorization', auditoriumCode: '7777', isReserve: false },
    { number: '100002', role: 'authorization', auditoriumCode: '7777', isReserve: true },
    { number: '100003', role: 'scanning', auditoriumCode: '7777', isReserve: false },
    { number: '100101', role: 'organizer', auditoriumCode: '0101', isReserve: false },
    { number: '100102', role: 'organizer', auditoriumCode: '0102', isReserve: false },
    { number: '100103', role: 'organizer', auditoriumCode: '0103', isReserve: false },
    { number: '100190', role: 'organizer', auditoriumCode: '7777', isReserve: true },
  ],
  trainingPins: { '1': '1111', '2': '2222', '3': '3333', '4': '4444', '5': '5555', '6': '6666', '7': '7777' },
  staff, participants, exams,
};
process.stdout.write(JSON.stringify(data, null, 1) + '\n');
