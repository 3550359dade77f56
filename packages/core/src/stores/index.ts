export { FileStore, type FileStoreOptions } from './file-store.js'
export { MemoryStore, type MemoryStoreOptions } from './memory-store.js'
