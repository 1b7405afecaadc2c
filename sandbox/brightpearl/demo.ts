// The demo account `npm run dev` starts with: reference data, 200 catalogue products with stock in
// both warehouses and prices, and a few customers.
import type { BrightpearlControl } from "./control/control";

export const DEMO_ACCOUNT = "sandboxdemo";

export function seedDemo(control: BrightpearlControl): void {
  if (control.listAccounts().includes(DEMO_ACCOUNT)) return;
  control.createAccount({ code: DEMO_ACCOUNT });
  control.seedProducts(DEMO_ACCOUNT, { count: 180 });
  // A few items also stocked in the overflow warehouse, and some out of stock.
  control.seedProducts(DEMO_ACCOUNT, { count: 15, startIndex: 181, stock: { "2": 10, "3": 25 } });
  control.seedProducts(DEMO_ACCOUNT, { count: 5, startIndex: 196, stock: 0 });
  control.createCustomer(DEMO_ACCOUNT, { firstName: "Jane", lastName: "Doe", email: "jane.doe@example.com" });
  control.createCustomer(DEMO_ACCOUNT, {
    firstName: "Sam",
    lastName: "Taylor",
    email: "sam.taylor@example.com",
    companyName: "Taylor Trading Ltd",
    address: { addressLine1: "22 Quay Street", addressLine3: "Dublin", postalCode: "D02 XY12", countryIsoCode: "IRL" },
  });
}
