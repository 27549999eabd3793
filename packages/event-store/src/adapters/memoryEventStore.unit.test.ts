import { describeEventStoreConformance } from '../../test/conformance.ts';
import { describeLocalAdapterBehaviour } from '../../test/localAdapterBehaviour.ts';
import { createMemoryEventStore } from './memoryEventStore.ts';

const openMemory = async (options: { clock?: () => Date }) => {
  const store = createMemoryEventStore(options);
  return { store, cleanup: () => store.close() };
};

describeEventStoreConformance('memory', () => openMemory({}));
describeLocalAdapterBehaviour('memory', openMemory);
