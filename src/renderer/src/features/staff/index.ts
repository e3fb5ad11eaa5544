export { createStaffAdminStore } from './store'
export type { StaffAdminState, StaffAdminStore } from './store'
export { StaffScreen } from './StaffScreen'
