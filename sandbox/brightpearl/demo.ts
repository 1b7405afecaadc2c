// The demo account `npm run dev` starts with: reference data, 200 catalogue products with stock in
// both warehouses and prices, and a few customers.
import { DEMO_CATALOGUE } from "../shared/catalogue";
import type { BrightpearlControl } from "./control/control";

export const DEMO_ACCOUNT = "sandboxdemo";

export function seedDemo(control: BrightpearlControl): void {
  if (control.listAccounts().includes(DEMO_ACCOUNT)) return;
  control.createAccount({ code: DEMO_ACCOUNT });
  // The shared demo catalogue, split three ways: most in the main warehouse, a few also in the
  // overflow warehouse, the last ones out of stock.
  const { count, seed } = DEMO_CATALOGUE;
  control.seedProducts(DEMO_ACCOUNT, { count: count - 20, seed });
  control.seedProducts(DEMO_ACCOUNT, { count: 15, startIndex: count - 19, seed, stock: { "2": 10, "3": 25 } });
  control.seedProducts(DEMO_ACCOUNT, { count: 5, startIndex: count - 4, seed, stock: 0 });
  control.createCustomer(DEMO_ACCOUNT, { firstName: "Jane", lastName: "Doe", email: "jane.doe@example.com" });
  control.createCustomer(DEMO_ACCOUNT, {
    firstName: "Sam",
    lastName: "Taylor",
    email: "sam.taylor@example.com",
    companyName: "Taylor Trading Ltd",
    address: { addressLine1: "22 Quay Street", addressLine3: "Dublin", postalCode: "D02 XY12", countryIsoCode: "IRL" },
  });
}
