/** The files of a saved run of three simulated personas, in name order. */
export const THREE_PERSONA_RUN_FILES = [
  '01-maya-chen.json',
  '01-maya-chen.md',
  '02-daniel-okafor.json',
  '02-daniel-okafor.md',
  '03-priya-raman.json',
  '03-priya-raman.md',
  'metadata.json',
  'result.json',
];
