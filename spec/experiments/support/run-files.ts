/** The files of a saved run of three simulated personas, in name order. */
export const THREE_PERSONA_RUN_FILES = [
  '01-maya.json',
  '01-maya.md',
  '02-daniel.json',
  '02-daniel.md',
  '03-priya.json',
  '03-priya.md',
  'metadata.json',
  'result.json',
];
