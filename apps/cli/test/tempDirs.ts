import { afterAll } from 'vitest';
import { removeTempDirs } from '../src/testSupport.ts';

afterAll(removeTempDirs);
