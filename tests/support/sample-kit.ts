import type { KitContent } from '../../main/kits/kit-content';

/**
 * A kit built in the test itself (so the documents' tests do not wait on the package builder): Russian task text
 * with the characters that trouble fonts and line breaking (ё, «», —, №, т. е.), numbers derived from `index`.
 */
const SENTENCES = [
  'Прочитайте текст и выполните задания 1–3.',
  'Съешь же ещё этих мягких французских булок, да выпей чаю — т. е. не торопись.',
  'В каком из приведённых ниже предложений верно передана «главная» информация, содержащаяся в тексте?',
  'Укажите номер ответа № 2 или № 4; запишите ответ без пробелов, запятых и других дополнительных символов.',
  'Самостоятельно подберите подчинительный союз, который должен стоять на месте пропуска в третьем предложении.',
];

function taskText(seed: number): string {
  const paragraph = (n: number) =>
    Array.from({ length: 3 + (n % 3) }, (_, i) => SENTENCES[(seed + n + i) % SENTENCES.length]).join(' ');
  return [paragraph(seed), paragraph(seed + 1), paragraph(seed + 2)].join('\n');
}

/** 13 digits: "26" (the year), the kit's index, and the blank's place in the kit. */
const blankNumber = (index: number, place: number) => `26${String(index).padStart(10, '0')}${place}`;

export function sampleKit(index: number, kimPages = 12): KitContent {
  return {
    index,
    kim: {
      number: String(40_000_000 + index),
      variant: 300 + (index % 50),
      subjectCode: 1,
      subjectName: 'Русский язык',
      pages: Array.from({ length: kimPages }, (_, p) => ({
        heading: p === 0 ? 'Часть 1. Ответами к заданиям 1–26 являются слово, число или последовательность цифр' : null,
        tasks: Array.from({ length: 2 }, (_, t) => ({ number: p * 2 + t + 1, text: taskText(index + p * 2 + t) })),
      })),
    },
    blanks: {
      registration: blankNumber(index, 1),
      answers1: blankNumber(index, 2),
      answers2: [blankNumber(index, 3), blankNumber(index, 4)],
    },
  };
}
