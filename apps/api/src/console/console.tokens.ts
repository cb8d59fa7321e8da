export const CONSOLE_FILES = Symbol('CONSOLE_FILES');
