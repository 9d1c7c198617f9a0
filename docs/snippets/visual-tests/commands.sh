npm run test:visual          # builds, then compares
npm run test:visual:update   # builds, then writes new baselines for the screenshots that changed
