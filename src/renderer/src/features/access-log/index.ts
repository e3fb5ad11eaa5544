export { AccessLogScreen } from './AccessLogScreen'
export { createAccessLogStore, type AccessLogStore } from './store'
