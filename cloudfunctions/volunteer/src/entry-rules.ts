/** The day rules on the server live in _common (duty shifts of function `checkin` settle hours with them too). */
export * from '../../_common/entry-rules';
