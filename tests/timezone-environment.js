/**
 * A node test environment in another time zone: `@jest-environment-options {"timezone": "..."}` in a
 * test file's docblock. Jest gives tests a copy of process.env, so setting TZ inside a test does not
 * reach the clock; this sets it on the worker for the file and restores it afterwards.
 */
const { TestEnvironment } = require('jest-environment-node');

class TimezoneEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.timezone = config.projectConfig.testEnvironmentOptions.timezone;
  }

  async setup() {
    this.previous = process.env.TZ;
    if (this.timezone) process.env.TZ = this.timezone;
    await super.setup();
  }

  async teardown() {
    if (this.previous === undefined) delete process.env.TZ;
    else process.env.TZ = this.previous;
    await super.teardown();
  }
}

module.exports = TimezoneEnvironment;
